bases where basis = schedule 1 part 3 paragraph 36

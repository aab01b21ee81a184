bases where basis = sch 1 part 3 para 36

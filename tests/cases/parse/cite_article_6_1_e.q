bases where basis = article 6(1)(e)

recipients where basis = art 6(1)(g)

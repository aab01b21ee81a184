recipients where basis = sch1 para99

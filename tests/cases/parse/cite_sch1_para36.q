bases where basis = sch1 para36

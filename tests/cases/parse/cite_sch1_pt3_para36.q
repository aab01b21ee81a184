bases where basis = sch1 pt3 para36

bases where basis = Sch. 1 Pt. 3 para. 36

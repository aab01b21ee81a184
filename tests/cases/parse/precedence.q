flows where not a = 1 and b = 2 or c = 3 and not (d = 4 or e = 5)

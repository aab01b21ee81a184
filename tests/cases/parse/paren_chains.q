flows where (a = 1 and b = 2) and c = 3 or (d = 4 or e = 5)

recipients where x = y && z = 1

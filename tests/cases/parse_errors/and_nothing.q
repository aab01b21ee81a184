recipients where x = 1 and

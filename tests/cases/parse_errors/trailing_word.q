recipients where org = a b

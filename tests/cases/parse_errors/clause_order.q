recipients where org = "a" limit 3 show x

recipients where org = cheshire-wset

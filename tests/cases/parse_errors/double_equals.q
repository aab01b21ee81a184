recipients where org == a

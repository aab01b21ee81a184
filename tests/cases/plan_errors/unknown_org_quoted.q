recipients where org = "Cheshire West Council"

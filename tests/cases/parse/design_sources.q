sources where org = cheshire-west

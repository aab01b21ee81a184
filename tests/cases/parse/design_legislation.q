legislation where org = cheshire-east

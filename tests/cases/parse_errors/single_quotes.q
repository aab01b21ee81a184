recipients where org = 'Cheshire Police'

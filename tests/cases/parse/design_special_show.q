recipients where org = cheshire-west and category is special show recipient, party.type, service, basis

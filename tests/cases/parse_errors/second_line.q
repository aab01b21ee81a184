recipients
  where org = cheshire-west
  show recipient,
  limit 5

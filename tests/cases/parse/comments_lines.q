recipients -- who gets data
  where org = cheshire-west -- only CWaC
  limit 10 -- enough

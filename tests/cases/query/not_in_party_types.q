-- Cheshire East recipients that are neither internal teams nor in education.
recipients where org = cheshire-east and party.type not in (internal-team, education) show recipient, party.type

-- Cheshire West recipients grouped by partner type.
recipients where org = cheshire-west and direction = to by party.type

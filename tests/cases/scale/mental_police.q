recipients where category in mental-health and basis = art 9(2)(h) and party.type = police

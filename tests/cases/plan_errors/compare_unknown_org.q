compare party.type across cheshire-west, cheshire-eats

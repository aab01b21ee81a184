compare party.type across cheshire-west, cheshire-east, achieving-for-children

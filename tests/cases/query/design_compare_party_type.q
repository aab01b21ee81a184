-- Which kinds of partner each org names (recipients and sources).
compare party.type across cheshire-west, cheshire-east, achieving-for-children

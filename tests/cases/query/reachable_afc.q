-- Parties Achieving for Children passes data to, one flow away.
recipients reachable from achieving-for-children max 1

path from a

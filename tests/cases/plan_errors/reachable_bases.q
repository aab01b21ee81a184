bases reachable from cheshire-west

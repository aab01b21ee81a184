recipients reachable from council-0001 max 2

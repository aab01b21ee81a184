recipients reachable x

recipients reachable from "Cheshire Police" where direction = to max 3

path from "Health services" to cheshire-west

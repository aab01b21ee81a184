path from cheshire-west to "Department for Education"

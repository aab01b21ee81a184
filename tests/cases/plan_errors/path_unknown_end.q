path from cheshire-west to "Department of Education"

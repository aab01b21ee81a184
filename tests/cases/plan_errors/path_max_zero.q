path from cheshire-west to department-for-education max 0

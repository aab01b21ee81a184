path a to b

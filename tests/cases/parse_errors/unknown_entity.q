recipents where x = y

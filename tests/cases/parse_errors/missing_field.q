services where missing

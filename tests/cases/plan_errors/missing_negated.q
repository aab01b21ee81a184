services where missing category != health

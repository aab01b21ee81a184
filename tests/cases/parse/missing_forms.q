services where missing retention and missing basis = art 6(1)(e) and missing category in (health)

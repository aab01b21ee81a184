recipients order by x up

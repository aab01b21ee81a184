recipients order by count

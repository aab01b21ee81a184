recipients order by

recipients order by recipient

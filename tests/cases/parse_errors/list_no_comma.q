recipients where category in (a b)

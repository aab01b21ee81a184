recipients where x <> y

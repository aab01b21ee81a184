services where category is special and missing basis in art 9

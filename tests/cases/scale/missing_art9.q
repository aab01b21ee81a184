count recipients where category is special and missing basis in art 9 by org

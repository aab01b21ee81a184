flows where amount = 0 limit 18446744073709551615

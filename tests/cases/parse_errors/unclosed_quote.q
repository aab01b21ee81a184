recipients where org = "unclosed

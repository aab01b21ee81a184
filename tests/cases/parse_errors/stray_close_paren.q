recipients where org = a )

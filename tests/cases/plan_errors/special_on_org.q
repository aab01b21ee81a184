recipients where org is special

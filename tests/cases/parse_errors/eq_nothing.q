recipients where org =

recipients where org ≠ a

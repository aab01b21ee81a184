recipients where (org = a

recipients where not

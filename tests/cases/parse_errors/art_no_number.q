recipients where basis = art

recipients where basis = art 7

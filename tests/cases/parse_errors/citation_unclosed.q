recipients where basis = art 9(2

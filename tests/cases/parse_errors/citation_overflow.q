recipients where basis = art 99999999999

bases where basis = art 9

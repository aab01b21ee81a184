bases where basis = art 10

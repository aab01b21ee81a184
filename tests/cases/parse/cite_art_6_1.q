bases where basis = art 6(1)

bases where basis = art 6(e)

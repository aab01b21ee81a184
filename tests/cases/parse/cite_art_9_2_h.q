bases where basis = art 9(2)(h)

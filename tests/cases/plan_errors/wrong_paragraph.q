recipients where basis = art 9(1)(h)

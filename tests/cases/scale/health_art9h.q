recipients where category in health and basis = art 9(2)(h)

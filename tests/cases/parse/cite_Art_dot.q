bases where basis = Art. 9(2)(h)

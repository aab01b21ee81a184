bases where basis = Article 9(2)(h)

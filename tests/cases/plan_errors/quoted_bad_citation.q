recipients where basis = "Article 6 Part g"

compare across a

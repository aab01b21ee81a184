bases where basis = A9-2-h

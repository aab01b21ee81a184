bases where basis = a9-2

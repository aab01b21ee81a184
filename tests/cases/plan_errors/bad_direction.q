flows where direction = sideways

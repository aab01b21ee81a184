recipients where org = “Bwrdd Iechyd Prifysgol Betsi Cadwaladr” wher x = 1

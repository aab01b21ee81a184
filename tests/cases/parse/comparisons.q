flows where a != b and n < 10 and n > 2 and n <= 7 and n >= 3

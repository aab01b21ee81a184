flows where !a = b

retention where duration > 3 dogs

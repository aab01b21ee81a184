retention where duration > 20

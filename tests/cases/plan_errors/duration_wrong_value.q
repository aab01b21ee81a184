retention where duration > health

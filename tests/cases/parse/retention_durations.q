retention where duration > 20 years or duration <= 6 months or duration >= 1 year or duration < 25y or duration = 6mo or duration = 2w or duration = 30 days

-- Rules that may keep data for less than 10 years: 6 years (000 adults, 001 adult social care),
-- until age 25 (collected before 18, so possibly less).
retention where duration < 10 years show service, condition, duration

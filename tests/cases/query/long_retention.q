-- Rules that may keep data longer than 20 years (a range counts by its upper end):
-- 75, 31, 25 years, until age 25, 10-30 years, and the indefinite research archive of 001.
retention where duration > 20 years show service, condition, duration order by duration desc

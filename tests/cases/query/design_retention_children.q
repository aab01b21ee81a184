-- 001: looked after children 75 years, SEN 31 years, other children 25 years; 000: until 25.
retention where subject in children order by duration desc

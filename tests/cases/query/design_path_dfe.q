-- 001 names "The Department for Education"; longer paths go through a party that is both a
-- recipient of 000 and a source of 001 (commissioned services / partners).
path from cheshire-west to "Department for Education"

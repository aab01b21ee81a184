-- Services collecting criminal-offence data: 000 (Sch. 1 para 36 data), 002 ("criminal
-- offences"), 003 ("Criminal proceedings", "Offences").
services where category is criminal show service, org

flows where org = a show recipient, basis by party.type order by recipient asc limit 25

count recipients by party.type order by count desc limit 5

recipients by org order by party.type

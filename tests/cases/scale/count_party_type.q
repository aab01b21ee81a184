count flows by party.type

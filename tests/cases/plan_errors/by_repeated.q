count services by party, party

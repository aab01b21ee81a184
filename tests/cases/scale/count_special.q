count flows where category is special by org, party.type

compare party.type across

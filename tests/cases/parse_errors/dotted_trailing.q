flows show party.

-- The three controllers.
orgs

orgs where category = health

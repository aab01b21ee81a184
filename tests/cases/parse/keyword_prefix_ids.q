orgs where order-id = orders and wherever = whereabouts

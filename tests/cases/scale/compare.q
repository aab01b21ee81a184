compare party.type across council-0001, council-0002, police-0001

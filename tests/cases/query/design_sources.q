-- 001 "we may also get some of this data from" and 003 "When you fill in a form".
sources where org = cheshire-west show source, name, party.type, service

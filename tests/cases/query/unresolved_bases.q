-- 001 "Article 6 Part g" (no such point) and 003 "(Legitimate Interests)" among Art. 9
-- conditions are kept with their wording and no basis.
bases where status = unresolved show cited, org, service

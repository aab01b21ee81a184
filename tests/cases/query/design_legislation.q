-- 002: "Section 10 of the Children Act 2004".
legislation where org = cheshire-east

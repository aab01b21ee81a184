-- 002: "Liquid Logic, Servelec Synergy and the Children and Young People’s Database".
systems where org = cheshire-east

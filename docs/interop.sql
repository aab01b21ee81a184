-- Which partners get health data under UK GDPR Art. 9(2)(h)? On the tables of
-- `basis export --to csv` (docs/interop.md); tests/export.rs runs this file.
WITH RECURSIVE health(id) AS (
  SELECT 'health'
  UNION SELECT category.id FROM category JOIN health ON category.parent = health.id
)
SELECT DISTINCT flow.party
FROM flow
JOIN flow_category ON flow_category.flow = flow.id
JOIN flow_basis ON flow_basis.flow = flow.id
WHERE flow.direction = 'to'
  AND flow_category.category IN (SELECT id FROM health)
  AND flow_basis.basis = 'a9-2-h'
ORDER BY flow.party;

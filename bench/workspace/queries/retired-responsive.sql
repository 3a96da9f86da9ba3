-- description: retired ∩ responsive: machines retired on paper that still answer (re-used, or never powered off)
SELECT t.hostname
FROM retired AS t
WHERE EXISTS (SELECT 1 FROM responsive AS r WHERE r.hostname = t.hostname)

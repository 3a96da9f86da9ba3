-- description: managed workers − excluded ∩ responsive − puppet-failing: safe to rekick for a rolling upgrade
SELECT i.hostname
FROM inventory AS i
WHERE i.role = 'hadoop-worker' AND i.lifecycle = 'managed'
  AND NOT EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = i.hostname)
  AND EXISTS (SELECT 1 FROM responsive AS r WHERE r.hostname = i.hostname)
  AND NOT EXISTS (SELECT 1 FROM puppet_failing AS p WHERE p.hostname = i.hostname)

-- description: managed workers ∩ dead − excluded − reserved: the reinstall is their only way back
SELECT i.hostname, i.cluster, i.rack
FROM inventory AS i
WHERE i.role = 'hadoop-worker' AND i.lifecycle = 'managed'
  AND EXISTS (SELECT 1 FROM dead AS d WHERE d.hostname = i.hostname)
  AND NOT EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = i.hostname)
  AND NOT EXISTS (SELECT 1 FROM reserved AS r WHERE r.hostname = i.hostname)

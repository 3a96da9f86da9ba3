-- description: managed workers − responsive − reserved: someone should look at them
SELECT i.hostname, i.cluster, i.rack
FROM inventory AS i
WHERE i.role = 'hadoop-worker' AND i.lifecycle = 'managed'
  AND NOT EXISTS (SELECT 1 FROM responsive AS r WHERE r.hostname = i.hostname)
  AND NOT EXISTS (SELECT 1 FROM reserved AS v WHERE v.hostname = i.hostname)

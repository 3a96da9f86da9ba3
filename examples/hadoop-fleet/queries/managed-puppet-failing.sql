-- description: managed hosts whose last puppet run failed
SELECT i.hostname, i.cluster, i.role, i.puppet_branch
FROM inventory AS i
WHERE i.lifecycle = 'managed'
  AND EXISTS (SELECT 1 FROM puppet_failing AS p WHERE p.hostname = i.hostname)

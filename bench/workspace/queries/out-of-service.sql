-- description: inventory hosts on excluded ∪ decommissioned ∪ dead
SELECT i.hostname, i.cluster
FROM inventory AS i
WHERE EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = i.hostname)
   OR EXISTS (SELECT 1 FROM decommissioned AS c WHERE c.hostname = i.hostname)
   OR EXISTS (SELECT 1 FROM dead AS d WHERE d.hostname = i.hostname)

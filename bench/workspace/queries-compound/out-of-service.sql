-- description: inventory hosts on excluded ∪ decommissioned ∪ dead (compound operators)
SELECT hostname, cluster FROM inventory
WHERE hostname IN (SELECT hostname FROM excluded UNION SELECT hostname FROM decommissioned UNION SELECT hostname FROM dead)

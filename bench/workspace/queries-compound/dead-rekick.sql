-- description: managed workers ∩ dead − excluded − reserved (compound operators)
SELECT hostname, cluster, rack FROM inventory
WHERE role = 'hadoop-worker' AND lifecycle = 'managed'
  AND hostname IN (SELECT hostname FROM dead EXCEPT SELECT hostname FROM excluded EXCEPT SELECT hostname FROM reserved)

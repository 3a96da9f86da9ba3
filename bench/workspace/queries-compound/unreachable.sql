-- description: managed workers − responsive − reserved (compound operators)
SELECT hostname, cluster, rack FROM inventory
WHERE role = 'hadoop-worker' AND lifecycle = 'managed'
  AND hostname IN (SELECT hostname FROM inventory EXCEPT SELECT hostname FROM responsive EXCEPT SELECT hostname FROM reserved)

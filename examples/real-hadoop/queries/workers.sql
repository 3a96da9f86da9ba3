-- description: the cluster's workers (DataNode and NodeManager hosts) from the inventory: what budgets are a share of
SELECT hostname, cluster, rack
FROM inventory
WHERE role = 'worker'

-- description: Hadoop workers that are not retired: the population budgets are a share of
SELECT hostname, cluster, rack, data_group, lifecycle
FROM inventory
WHERE role = 'hadoop-worker' AND lifecycle <> 'retired'

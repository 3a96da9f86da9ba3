-- description: datanodes entering or in HDFS maintenance (admin_state says which)
-- depends: hdfs_datanodes
SELECT DISTINCT hostname, cluster, rack, admin_state, live, last_contact
FROM hdfs_datanodes
WHERE admin_state IN ('entering-maintenance', 'in-maintenance')

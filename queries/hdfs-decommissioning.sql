-- description: datanodes HDFS is decommissioning (re-replicating their blocks)
-- depends: hdfs_datanodes
SELECT DISTINCT hostname, cluster, rack, admin_state, live, last_contact
FROM hdfs_datanodes
WHERE admin_state = 'decommissioning'

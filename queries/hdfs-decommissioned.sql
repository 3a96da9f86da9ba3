-- description: datanodes HDFS has decommissioned (their blocks live elsewhere), live or dead
-- depends: hdfs_datanodes
SELECT DISTINCT hostname, cluster, rack, admin_state, live, last_contact
FROM hdfs_datanodes
WHERE admin_state = 'decommissioned'

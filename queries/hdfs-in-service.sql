-- description: datanodes whose HDFS admin state is in service (live or not: see the live column and hdfs-dead)
-- depends: hdfs_datanodes
SELECT DISTINCT hostname, cluster, rack, admin_state, live, last_contact
FROM hdfs_datanodes
WHERE admin_state = 'in-service'

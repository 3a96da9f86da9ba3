-- description: hosts an HDFS report or JMX source names that the inventory does not know
-- depends: hdfs_datanodes, inventory_hosts
SELECT DISTINCT hostname, cluster, source
FROM hdfs_datanodes
WHERE hostname NOT IN (SELECT hostname FROM inventory_hosts)

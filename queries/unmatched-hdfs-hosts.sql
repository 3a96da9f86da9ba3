-- description: hosts an HDFS combined hosts file names that the inventory does not know
-- depends: hdfs_hosts, inventory_hosts
SELECT DISTINCT hostname, cluster, source
FROM hdfs_hosts
WHERE hostname NOT IN (SELECT hostname FROM inventory_hosts)

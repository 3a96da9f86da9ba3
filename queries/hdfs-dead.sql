-- description: datanodes the NameNode reports dead (live = 0), whatever their admin state; registered = 0: an include-file entry that never registered
-- depends: hdfs_datanodes
SELECT DISTINCT hostname, cluster, rack, admin_state, last_contact, registered
FROM hdfs_datanodes
WHERE live = 0

-- description: workers out of service (they use drain's budget): HDFS is draining them, has decommissioned them or has them in maintenance, they are in the exclude file, or they are being reinstalled
SELECT w.hostname, w.cluster, w.data_group
FROM hadoop_workers_role AS w
WHERE w.lifecycle IN ('rekicking', 'repaired')
   OR EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = w.hostname)
   OR EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname AND d.admin_state <> 'in-service')

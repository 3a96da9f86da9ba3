-- description: workers in repair that HDFS has fully decommissioned: safe to reinstall
SELECT w.hostname, w.cluster, w.rack, w.data_group
FROM hadoop_workers_role AS w
WHERE w.lifecycle = 'repair'
  AND EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname)
  AND NOT EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname AND d.admin_state <> 'decommissioned')

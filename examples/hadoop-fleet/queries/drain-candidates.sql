-- description: workers to take out of service: broken, or marked for repair in the inventory, while HDFS still has them in service and they are not excluded yet
SELECT w.hostname, w.cluster, w.rack, w.data_group,
       coalesce(b.reason, 'inventory lifecycle repair') AS reason
FROM hadoop_workers_role AS w
LEFT JOIN broken_workers AS b ON b.hostname = w.hostname
WHERE (b.hostname IS NOT NULL AND w.lifecycle = 'managed' OR w.lifecycle = 'repair')
  AND NOT EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = w.hostname)
  AND EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname AND d.admin_state = 'in-service')
  AND NOT EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname AND d.admin_state <> 'in-service')

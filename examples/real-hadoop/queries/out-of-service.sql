-- description: workers out of service (they use drain's budget): in the exclude file, or not in service in some HDFS source
-- depends: workers
SELECT w.hostname, w.cluster, w.rack
FROM workers AS w
WHERE EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = w.hostname)
   OR EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname AND d.admin_state <> 'in-service')

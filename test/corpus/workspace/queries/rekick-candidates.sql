-- description: managed workers HDFS has decommissioned and that answer pings, minus the excluded list
SELECT i.hostname, i.cluster, i.rack
FROM inventory AS i
JOIN hdfs_decommissioned AS d USING (hostname)
WHERE i.lifecycle = 'managed'
  AND i.hostname IN (SELECT hostname FROM responsive)
  AND i.hostname NOT IN (SELECT hostname FROM excluded)

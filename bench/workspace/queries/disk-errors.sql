-- description: managed workers whose latest node_disk_errors_total sample is above 0
SELECT i.hostname, i.cluster
FROM inventory AS i
JOIN metric_latest AS m ON m.hostname = i.hostname
WHERE m.metric = 'node_disk_errors_total' AND m.value > 0
  AND i.role = 'hadoop-worker' AND i.lifecycle = 'managed'

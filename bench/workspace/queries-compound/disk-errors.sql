-- description: managed workers whose latest node_disk_errors_total sample is above 0 (the latest sample grouped in place: SQLite 3.40 does not push the metric filter into a grouped view)
SELECT hostname, cluster FROM inventory
WHERE role = 'hadoop-worker' AND lifecycle = 'managed'
  AND hostname IN (
    SELECT hostname FROM (
      SELECT hostname, max(ts) AS ts, value FROM metric_samples
      WHERE metric = 'node_disk_errors_total'
      GROUP BY hostname
    ) WHERE value > 0
  )

-- description: hosts whose health metric (settings up_metric, default "up") is 0 or NaN, older than max_sample_age at the import's clock, or absent for an inventory host
-- depends: metric_latest, settings, inventory_hosts
-- The clock and thresholds come from the settings table (written from
-- breakfix.yaml `health:` at each import and pass), never from SQLite's own
-- clock: the view gives the same answer when queried later as when exported.
WITH health_cfg AS (
  SELECT
    (SELECT value FROM settings WHERE key = 'up_metric') AS up_metric,
    (SELECT value FROM settings WHERE key = 'now') AS now,
    (SELECT value FROM settings WHERE key = 'max_sample_age') AS max_age
),
up_latest AS (
  SELECT m.hostname, m.ts, m.value, m.value_text
  FROM metric_latest AS m, health_cfg
  WHERE m.metric = health_cfg.up_metric
),
known_hosts AS (
  -- A host in two inventories is one host; its cluster is the first by name.
  SELECT hostname, min(cluster) AS cluster FROM inventory_hosts GROUP BY hostname
)
SELECT u.hostname, k.cluster,
  CASE
    WHEN u.ts < c.now - c.max_age THEN 'up sample stale'
    WHEN u.value IS NULL THEN 'up is ' || coalesce(u.value_text, 'NULL')
    ELSE 'up is 0'
  END AS reason
FROM up_latest AS u
CROSS JOIN health_cfg AS c
LEFT JOIN known_hosts AS k ON k.hostname = u.hostname
WHERE u.ts < c.now - c.max_age OR u.value IS NULL OR u.value = 0
UNION
SELECT k.hostname, k.cluster, 'no up sample' AS reason
FROM known_hosts AS k
WHERE k.hostname NOT IN (SELECT hostname FROM up_latest)

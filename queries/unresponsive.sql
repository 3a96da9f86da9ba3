-- description: hosts whose health metric (settings up_metric, default "up") is 0 or NaN, older than max_sample_age at the import's clock, or absent for an inventory host
-- depends: metric_samples, settings, inventory_hosts
-- The clock and thresholds come from the settings table (written from
-- breakfix.yaml `health:` at each import and pass), never from SQLite's own
-- clock: the view gives the same answer when queried later as when exported.
WITH health_cfg AS (
  SELECT
    (SELECT value FROM settings WHERE key = 'up_metric') AS up_metric,
    (SELECT value FROM settings WHERE key = 'now') AS now,
    (SELECT value FROM settings WHERE key = 'max_sample_age') AS max_age
),
-- The latest up sample per host: metric_latest restricted to one metric,
-- grouped here rather than read from metric_latest because SQLite pushes a
-- filter into a grouped view only when it is a literal; through the view,
-- every sample of every metric was grouped (at 10M samples: 11 s instead of
-- 3 s). MATERIALIZED: used twice below, computed once.
up_latest AS MATERIALIZED (
  SELECT s.hostname, max(s.ts) AS ts, s.value, s.value_text
  FROM metric_samples AS s
  WHERE s.metric = (SELECT value FROM settings WHERE key = 'up_metric')
  GROUP BY s.hostname
)
-- Each host's cluster is looked up by key, and the two halves are disjoint
-- (hosts with an up sample, hosts without): no materialised host list with
-- an automatic index, no UNION de-duplication (at 100k hosts: 0.72 s
-- instead of 0.92 s). A host in two inventories is one host; its cluster is
-- the first by name.
SELECT u.hostname,
  (SELECT min(i.cluster) FROM inventory_hosts AS i WHERE i.hostname = u.hostname) AS cluster,
  CASE
    WHEN u.ts < c.now - c.max_age THEN 'up sample stale'
    WHEN u.value IS NULL THEN 'up is ' || coalesce(u.value_text, 'NULL')
    ELSE 'up is 0'
  END AS reason
FROM up_latest AS u
CROSS JOIN health_cfg AS c
WHERE u.ts < c.now - c.max_age OR u.value IS NULL OR u.value = 0
UNION ALL
SELECT i.hostname, min(i.cluster) AS cluster, 'no up sample' AS reason
FROM inventory_hosts AS i
WHERE NOT EXISTS (SELECT 1 FROM up_latest AS u WHERE u.hostname = i.hostname)
GROUP BY i.hostname

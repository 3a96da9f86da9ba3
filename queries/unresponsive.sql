-- description: hosts whose health metric (health.up_metric, default "up", restricted to health.up_labels) is 0 or NaN in any selected series, whose newest selected sample is older than max_sample_age at the import's clock, or which have none (inventory hosts)
-- depends: metric_samples, settings, inventory_hosts
-- reads-clock: sample-age
-- The clock and thresholds come from the settings table (written from
-- breakfix.yaml `health:` at each import and pass), never from SQLite's own
-- clock: the view gives the same answer when queried later as when exported.
-- It reads the clock only as `ts < now - max_age` on sample times (the
-- `reads-clock: sample-age` above): a pass re-exports it only when the moving clock
-- carries that cutoff across a sample time.
--
-- A host has one series of the health metric per target that scrapes it
-- (node exporter, the Prometheus server itself, ...: the port is stripped, so
-- they share a hostname). The answer must not depend on their order, so:
--  * a series is one source and label set (health.up_labels keeps only the
--    series whose labels match it, as a Prometheus selector would);
--  * a host is down if ANY selected series' latest sample is 0 or NaN, and
--    when one series has several samples at its latest time (two targets on
--    one host with the same labels but other ports), the worst of them counts;
--  * a host is stale if its NEWEST selected sample is older than max_sample_age.
WITH health_cfg AS (
  SELECT
    (SELECT value FROM settings WHERE key = 'now') AS now,
    (SELECT value FROM settings WHERE key = 'max_sample_age') AS max_age
),
-- Each selected series' latest sample and, among samples at that time, the
-- worst, in one pass: ts * 4 + badness (0 up, 1 is 0, 2 is NaN), whose max()
-- is the newest sample and at that time the worst. The health metric is
-- compared to a scalar subquery, not read through metric_latest: SQLite
-- pushes a filter into a grouped view only when it is a literal (at 10M
-- samples through the view: 11 s instead of 3 s).
up_series AS NOT MATERIALIZED (
  SELECT s.hostname, max(s.ts * 4 + CASE WHEN s.value IS NULL THEN 2 WHEN s.value = 0 THEN 1 ELSE 0 END) AS k
  FROM metric_samples AS s
  WHERE s.metric = (SELECT value FROM settings WHERE key = 'up_metric')
    -- health.up_labels, a JSON object (NULL when none): every label it names must have its value;
    -- an empty value matches a series without that label, as in Prometheus.
    AND ((SELECT value FROM settings WHERE key = 'up_labels') IS NULL OR NOT EXISTS (
      SELECT 1 FROM json_each((SELECT value FROM settings WHERE key = 'up_labels')) AS sel
      WHERE coalesce(json_extract(s.labels, '$."' || sel.key || '"'), '') IS NOT sel.value
    ))
  GROUP BY s.hostname, s.source, s.labels
),
-- Per host: the newest selected sample, and the worst latest sample of any series.
up_latest AS MATERIALIZED (
  SELECT hostname, max((k - (k & 3)) / 4) AS ts, max(k & 3) AS bad
  FROM up_series
  GROUP BY hostname
)
-- Each host's cluster is looked up by key, and the two halves are disjoint
-- (hosts with a selected sample, hosts without): no materialised host list
-- with an automatic index, no UNION de-duplication. A host in two
-- inventories is one host; its cluster is the first by name.
SELECT u.hostname,
  (SELECT min(i.cluster) FROM inventory_hosts AS i WHERE i.hostname = u.hostname) AS cluster,
  CASE
    WHEN u.ts < c.now - c.max_age THEN 'up sample stale'
    WHEN u.bad = 2 THEN 'up is NaN'
    ELSE 'up is 0'
  END AS reason
FROM up_latest AS u
CROSS JOIN health_cfg AS c
WHERE u.ts < c.now - c.max_age OR u.bad > 0
UNION ALL
SELECT i.hostname, min(i.cluster) AS cluster, 'no up sample' AS reason
FROM inventory_hosts AS i
WHERE NOT EXISTS (SELECT 1 FROM up_latest AS u WHERE u.hostname = i.hostname)
GROUP BY i.hostname

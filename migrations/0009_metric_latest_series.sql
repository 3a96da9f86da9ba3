-- metric_latest: the latest sample of each SERIES (source, host, metric and
-- label set), not of each host and metric. A host has a series per target
-- and per label set (a disk error counter per device; up from the node
-- exporter and from the Prometheus server), and one row per host and metric
-- took its bare columns from whichever of them came first at the newest
-- time: the answer depended on row order. Views that want one row per host
-- say how to combine them (max(value), a labels filter, ...).
DROP VIEW metric_latest;
CREATE VIEW metric_latest AS
  SELECT hostname, metric, max(ts) AS ts, value, value_text, source, labels
  FROM metric_samples
  GROUP BY hostname, metric, source, labels;

-- Input records an import skipped on purpose, and did not load: Prometheus
-- samples without the host label (series aggregated across hosts in a
-- /federate dump). Counted so a skip is never silent (src/sources/load-fixed.ts).
ALTER TABLE imports ADD COLUMN skipped INTEGER;

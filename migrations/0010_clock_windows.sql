-- For views declared `-- clock: sample-age` (src/export/clock-version.ts):
-- as of a version of metric_samples, the window of clock cutoffs
-- (now - max_sample_age) in which no sample time is crossed: the newest
-- sample time below the cutoff and the oldest at or above it. A pass whose
-- cutoff is still inside the window knows the view's answer is unchanged
-- without scanning the samples again; its next crossing is at_or_above.
CREATE TABLE clock_windows (
  data_version TEXT PRIMARY KEY,
  below        INTEGER,                 -- NULL: no sample is older than the cutoff
  at_or_above  INTEGER                  -- NULL: none is newer
) WITHOUT ROWID;

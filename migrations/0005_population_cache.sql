-- Each action population's host count per cluster, as of a version of its
-- inputs (the population view's fingerprint, or the inventory's import): a
-- pass whose inputs did not change does not count a 1M-host population again
-- (src/pass/gather.ts readPopulationSizes).
CREATE TABLE population_cache (
  population TEXT PRIMARY KEY,          -- the view's name, or '' for the inventory's hosts
  version    TEXT NOT NULL,
  sizes      TEXT NOT NULL              -- JSON [[cluster, hosts], ...]
) WITHOUT ROWID;

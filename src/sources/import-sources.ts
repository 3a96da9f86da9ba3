import type { Config } from '../config/load.js';
import type { NamedSource } from '../config/schema.js';
import { enterBulkLoadJournal, leaveBulkLoadJournal } from '../db/bulk-load-journal.js';
import type { StateDb } from '../db/open.js';
import { UsageError } from '../errors.js';
import type { Workspace } from '../workspace.js';
import { importSource, type ImportOptions, type ImportReport } from './import-source.js';

/**
 * The sources to import, in order: the inventory first (other sources map IPs
 * and count unmatched hosts against it), then the rest in config order.
 * Naming sources selects them; an unknown name is a usage error listing the known ones.
 */
export function selectSources(config: Config, names: readonly string[]): NamedSource[] {
  const unknown = names.filter((n) => !config.sources.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown source${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; configured: ${config.sources.map((s) => s.name).join(', ') || '(none)'}`,
    );
  }
  const chosen = names.length === 0 ? [...config.sources] : config.sources.filter((s) => names.includes(s.name));
  const inv = config.hosts.inventory;
  return [...chosen.filter((s) => s.name === inv), ...chosen.filter((s) => s.name !== inv)];
}

/** Import each selected source; one failing does not stop the others (each is atomic on its own). */
export async function importSources(
  state: StateDb,
  ws: Workspace,
  config: Config,
  names: readonly string[],
  opts: ImportOptions,
): Promise<ImportReport[]> {
  const sources = selectSources(config, names);
  const reports: ImportReport[] = [];
  const bulk = enterBulkLoadJournal(state.raw);
  try {
    for (const src of sources) reports.push(await importSource(state, ws, config, src, opts));
  } finally {
    if (bulk) leaveBulkLoadJournal(state.raw);
  }
  return reports;
}

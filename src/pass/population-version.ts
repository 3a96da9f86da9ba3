import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import type { ActionConfig } from '../config/schema.js';
import { dataVersions, viewFingerprints } from '../export/export-views.js';
import { sqlName } from '../sources/source-tables.js';
import type { OrderedView } from '../views/dependencies.js';

/**
 * What an action's population is computed from, as a version string: the
 * fingerprint of its population view (its SQL, the views it reads, the
 * imports of the tables it reads — the same one that decides whether the
 * view is re-exported), or the imports of the inventories for the default
 * population. Equal versions mean equal populations, so their counts can be
 * reused; a view that reads a table growing on every pass never repeats one.
 */
export function populationVersions(db: Database, config: Config, views: readonly OrderedView[], pass: number | null): (action: ActionConfig) => string | undefined {
  const fingerprints = viewFingerprints(db, config, views, pass);
  const inventories = `inventory_hosts:${dataVersions(db, config, pass).get('inventory_hosts')}`;
  return (action) => (action.population === undefined ? inventories : fingerprints.get(sqlName(action.population)));
}

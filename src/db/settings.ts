import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import { stuckPassesOf } from '../config/schema.js';

/**
 * Values views may read from the `settings` table: the clock of the current
 * import or pass (`now`, epoch s), the health thresholds from the config, and
 * `hdfs_stuck_passes` (hdfs.stuck_passes, for hdfs-decommission-stuck).
 * Views read `now` from here rather than calling SQLite's clock, so a view
 * gives the same answer when it is queried later as when it was exported.
 */
export function writeSettings(db: Database, config: Config, now: Date): void {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    upsert.run('now', Math.floor(now.getTime() / 1000));
    upsert.run('up_metric', config.health.up_metric);
    // A JSON object the stock view unresponsive matches sample labels against; NULL selects every series.
    const labels = config.health.up_labels;
    upsert.run('up_labels', Object.keys(labels).length === 0 ? null : JSON.stringify(labels));
    upsert.run('max_sample_age', config.health.max_sample_age);
    upsert.run('timezone', config.timezone);
    upsert.run('hdfs_stuck_passes', stuckPassesOf(config.hdfs));
  })();
}

import { hashString } from './rng.js';
import type { Host } from './sim-state.js';

/** Prometheus scrapes every 15 s; each target has its own phase in that interval. */
const SCRAPE_INTERVAL_MS = 15_000;

/** When the host was last scraped before `now` (epoch ms), stable per host. */
export function scrapeTimeMs(h: Host, nowSeconds: number): number {
  return nowSeconds * 1000 - (hashString(h.hostname) % SCRAPE_INTERVAL_MS);
}

/** The `instance` label: service discovery uses the FQDN and node_exporter's port. */
export function instanceOf(h: Host): string {
  return `${h.hostname}:9100`;
}

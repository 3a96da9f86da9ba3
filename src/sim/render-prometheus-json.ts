import { goJsonFloat, goJsonTimestamp } from './go-float.js';
import { isScraped, isUp } from './host-health.js';
import { instanceOf } from './scrape-time.js';
import type { SimState } from './sim-state.js';

/**
 * `GET /api/v1/query?query=up{job="node"}` as the Prometheus server writes it
 * (docs/formats.md#query-api-json): compact JSON, labels sorted by name, one evaluation
 * timestamp in seconds with milliseconds, values as strings, and no newline
 * after the document (the body as `curl -o` saves it). Retired hosts are not
 * scraped, so they are absent.
 */
export function renderPrometheusUpJson(state: SimState): string {
  // Evaluated a moment before the sim clock, so the samples are never in breakfix's future.
  const ts = goJsonTimestamp(state.now * 1000 - 219);
  const series = state.hosts
    .filter(isScraped)
    .map((h) => `{"metric":{"__name__":"up","instance":${JSON.stringify(instanceOf(h))},"job":"node"},"value":[${ts},"${goJsonFloat(isUp(h) ? 1 : 0)}"]}`);
  return `{"status":"success","data":{"resultType":"vector","result":[${series.join(',')}]}}`;
}

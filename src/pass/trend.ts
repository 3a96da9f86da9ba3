import { compareBytewise } from '../util/bytewise.js';

/**
 * Trend analysis over pass history: pure functions over the series that
 * `ops/trend.ts` reads from each day's state.db.
 */

export interface TrendPoint {
  readonly day: string;
  readonly pass: number;
  readonly at: string;
  readonly rows: number;
  readonly sha256: string;
}

export interface ViewTrend {
  readonly view: string;
  readonly points: readonly TrendPoint[];
  readonly last: number;
  /** Change since the point before the last; null with a single point. */
  readonly change: number | null;
  readonly sparkline: string;
  /** Grew at each of the last N passes. */
  readonly growing: boolean;
  /** Non-empty and the same members (content hash) for the last N passes: e.g. draining stuck on the same hosts. */
  readonly stuck: boolean;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of values scaled between their minimum and maximum (a flat series is all low bars). */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => (max === min ? BARS[0] : BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))])).join('');
}

export function analyzeTrend(view: string, points: readonly TrendPoint[], runs: number, width = 40): ViewTrend {
  const last = points[points.length - 1];
  const prev = points[points.length - 2];
  const tail = points.slice(-(runs + 1));
  const growing = tail.length === runs + 1 && tail.every((p, i) => i === 0 || p.rows > tail[i - 1]!.rows);
  const lastN = points.slice(-runs);
  const stuck = lastN.length === runs && lastN[0]!.rows > 0 && lastN.every((p) => p.sha256 === lastN[0]!.sha256);
  return {
    view,
    points,
    last: last?.rows ?? 0,
    change: last && prev ? last.rows - prev.rows : null,
    sparkline: sparkline(points.slice(-width).map((p) => p.rows)),
    growing,
    stuck,
  };
}

/** One import of an hdfs-jmx source during a pass: the decommissions it saw, host by host. */
export interface DecommissionObservation {
  readonly day: string;
  readonly pass: number;
  readonly source: string;
  /** hostname → [cluster, blocks still to re-replicate]. */
  readonly nodes: ReadonlyMap<string, readonly [cluster: string, blocks: number]>;
}

export interface StuckDecommission {
  readonly cluster: string;
  readonly hostname: string;
  readonly source: string;
  /** Blocks it still has to re-replicate, the same in each of `passes` passes. */
  readonly blocks: number;
  /** How many passes running (up to the latest) show it at that count. */
  readonly passes: number;
  /** The first of them. */
  readonly since: { readonly day: string; readonly pass: number };
}

/**
 * DataNodes whose decommission has not moved for at least `runs` passes
 * running, up to each source's latest pass: the same number of blocks left
 * in every import, across days. A node missing from a source's latest
 * import has finished (or was recommissioned): not stuck. Sorted by
 * cluster, then hostname, then source (bytewise).
 */
export function stuckDecommissions(observations: readonly DecommissionObservation[], runs: number): StuckDecommission[] {
  const bySource = new Map<string, DecommissionObservation[]>();
  for (const o of observations) {
    const list = bySource.get(o.source);
    if (list === undefined) bySource.set(o.source, [o]);
    else list.push(o);
  }
  const stuck: StuckDecommission[] = [];
  for (const [source, obs] of bySource) {
    const latest = obs[obs.length - 1]!;
    for (const [hostname, [cluster, blocks]] of latest.nodes) {
      let first = obs.length - 1;
      while (first > 0 && obs[first - 1]!.nodes.get(hostname)?.[1] === blocks) first--;
      const passes = obs.length - first;
      if (passes >= runs) stuck.push({ cluster, hostname, source, blocks, passes, since: { day: obs[first]!.day, pass: obs[first]!.pass } });
    }
  }
  return stuck.sort((a, b) => compareBytewise(a.cluster, b.cluster) || compareBytewise(a.hostname, b.hostname) || compareBytewise(a.source, b.source));
}

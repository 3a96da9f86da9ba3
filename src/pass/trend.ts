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

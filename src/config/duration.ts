/** Durations in config are strings like `90s`, `10m`, `2h`, `1d` (or a bare number of seconds). */
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Seconds in a duration string, or undefined if it is not one. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_SECONDS[m[2]!]!;
}

/** `5400` → `1h30m`: the way durations are printed back to a person. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return Number.isInteger(seconds) ? `${seconds}s` : `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, r && `${r}s`].filter(Boolean).join('');
}

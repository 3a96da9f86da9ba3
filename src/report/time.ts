/** Times as the report prints them: in the workspace's time zone, which is what its days are. */

/** `2026-11-23 04:00:00` in `timeZone`. */
export function localDateTime(ms: number, timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** `04:00:00` in `timeZone`. */
export function localTime(ms: number, timeZone: string): string {
  return localDateTime(ms, timeZone).slice(11);
}

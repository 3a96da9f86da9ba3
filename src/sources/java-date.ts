import { compareBytewise } from '../util/bytewise.js';
import { ParseError } from '../errors.js';

/**
 * `java.util.Date#toString`: `EEE MMM dd HH:mm:ss zzz yyyy`, in the JVM
 * default time zone of whoever printed it (`Wed May 01 11:59:58 UTC 2024`,
 * `Mon Apr 29 06:16:12 PDT 2024`; docs/formats.md#dates-and-zones). The zone is printed as
 * Java's short name for it, which is not unique: `CST` is US Central for
 * America/Chicago and China Standard Time for Asia/Shanghai, 14 hours apart.
 * So an abbreviation is read through the maps below and never guessed:
 *
 *  - an abbreviation that names one offset (UTC, GMT, PDT, EST, CEST...) is
 *    read as that offset, whatever the source's `timezone:` says;
 *  - an ambiguous one (AMBIGUOUS) is read in the source's `timezone:` (the
 *    IANA zone the JVM printed in), and is an error without it;
 *  - one breakfix does not know is read in the source's `timezone:`, and is
 *    an error without it.
 *
 * A capture taken with `TZ=UTC` (or `-Duser.timezone=UTC`) avoids the question.
 */
const ZONE_OFFSET_MINUTES: ReadonlyMap<string, number> = new Map([
  ['UTC', 0],
  ['GMT', 0],
  ['UT', 0],
  ['Z', 0],
  // North America
  ['HST', -10 * 60],
  ['HDT', -9 * 60],
  ['AKST', -9 * 60],
  ['AKDT', -8 * 60],
  ['PDT', -7 * 60],
  ['MST', -7 * 60],
  ['MDT', -6 * 60],
  ['EST', -5 * 60],
  ['EDT', -4 * 60],
  ['ADT', -3 * 60],
  ['NST', -(3 * 60 + 30)],
  ['NDT', -(2 * 60 + 30)],
  // South America
  ['BRT', -3 * 60],
  ['BRST', -2 * 60],
  ['ART', -3 * 60],
  ['CLST', -3 * 60],
  ['COT', -5 * 60],
  ['PET', -5 * 60],
  // Europe and Africa
  ['WET', 0],
  ['WEST', 60],
  ['CET', 60],
  ['CEST', 2 * 60],
  ['MET', 60],
  ['MEST', 2 * 60],
  ['EEST', 3 * 60],
  ['MSK', 3 * 60],
  ['CAT', 2 * 60],
  ['SAST', 2 * 60],
  ['EAT', 3 * 60],
  // Asia
  ['PKT', 5 * 60],
  ['ICT', 7 * 60],
  ['WIB', 7 * 60],
  ['HKT', 8 * 60],
  ['SGT', 8 * 60],
  ['PHT', 8 * 60],
  ['AWST', 8 * 60],
  ['JST', 9 * 60],
  ['KST', 9 * 60],
  // Oceania
  ['ACST', 9 * 60 + 30],
  ['ACDT', 10 * 60 + 30],
  ['AEST', 10 * 60],
  ['AEDT', 11 * 60],
  ['NZST', 12 * 60],
  ['NZDT', 13 * 60],
  ['SST', -11 * 60],
]);

/** One meaning of an ambiguous abbreviation. */
interface Reading {
  readonly offset: number;
  readonly where: string;
}

/**
 * Abbreviations Java prints for zones whose offsets differ (what
 * `SimpleDateFormat("zzz", Locale.US)`, the format of `Date#toString`, gives
 * for every zone of `TimeZone.getAvailableIDs()` in 2025 and 2026, on JDK 17,
 * JDK 17 with the COMPAT names of JDK 8, and JDK 25). `daylight`: the name is
 * the summer-time one, which picks the summer reading of a wall time that
 * occurs twice when the clocks go back.
 */
const AMBIGUOUS: ReadonlyMap<string, { readonly readings: readonly Reading[]; readonly daylight: boolean }> = new Map([
  ['CST', { daylight: false, readings: [{ offset: -6 * 60, where: 'US Central' }, { offset: -5 * 60, where: 'Cuba' }, { offset: 8 * 60, where: 'China, Taiwan, Macau' }] }],
  ['CDT', { daylight: true, readings: [{ offset: -5 * 60, where: 'US Central' }, { offset: -4 * 60, where: 'Cuba' }] }],
  ['IST', { daylight: false, readings: [{ offset: 60, where: 'Ireland, summer' }, { offset: 2 * 60, where: 'Israel' }, { offset: 5 * 60 + 30, where: 'India, Sri Lanka' }] }],
  ['BST', { daylight: true, readings: [{ offset: 60, where: 'British Summer Time' }, { offset: 11 * 60, where: 'Bougainville' }] }],
  ['PST', { daylight: false, readings: [{ offset: -8 * 60, where: 'US Pacific, Pitcairn' }, { offset: 8 * 60, where: 'Philippines' }] }],
  ['AST', { daylight: false, readings: [{ offset: -4 * 60, where: 'Atlantic' }, { offset: 3 * 60, where: 'Arabia' }] }],
  ['GST', { daylight: false, readings: [{ offset: -2 * 60, where: 'South Georgia' }, { offset: 4 * 60, where: 'Gulf' }] }],
  ['AMT', { daylight: false, readings: [{ offset: -4 * 60, where: 'Amazon' }, { offset: 4 * 60, where: 'Armenia' }] }],
  ['CLT', { daylight: false, readings: [{ offset: -4 * 60, where: 'Chile' }, { offset: -3 * 60, where: 'Antarctica/Palmer' }] }],
  ['EET', { daylight: false, readings: [{ offset: 2 * 60, where: 'Eastern European' }, { offset: 3 * 60, where: 'Jordan, Syria on JDK 17' }] }],
  ['WAT', { daylight: false, readings: [{ offset: 60, where: 'West Africa' }, { offset: 2 * 60, where: 'Namibia on JDK 17' }] }],
]);

/** Every ambiguous abbreviation, for documentation and tests. */
export const AMBIGUOUS_ZONE_NAMES: readonly string[] = [...AMBIGUOUS.keys()].sort(compareBytewise);

/** How the dates of one source are read. */
export interface JavaDateOptions {
  /** The IANA zone the JVM printed in (the source's `timezone:`): how ambiguous and unknown abbreviations are read. */
  readonly timezone?: string | undefined;
  /** The config key that sets it (`sources.hdfs-dwh.timezone`), for the message when it is needed and missing. */
  readonly timezoneKey?: string | undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const JAVA_DATE = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) (\S+) (\d{4})$/;
/** Zones without an abbreviation print as a GMT offset (`GMT+05:30`, JDK 9+ CLDR names). */
const GMT_OFFSET = /^(?:GMT|UTC)([+-])(\d{2}):?(\d{2})$/;

/**
 * Parse a `Date#toString` text into epoch seconds (UTC). `field` names the
 * report key for the error message; `line` is where it was read.
 */
export function parseJavaDate(text: string, field: string, line: number | undefined, opts: JavaDateOptions = {}): number {
  const m = JAVA_DATE.exec(text.trim());
  const malformed = (): ParseError =>
    new ParseError(`${field}: expected a date like "Wed May 01 11:59:58 UTC 2024", got ${JSON.stringify(text)}`, line);
  if (m === null) throw malformed();
  const [weekday, monthName, dd, zone, yyyy] = [m[1]!, m[2]!, m[3]!, m[7]!, m[8]!];
  const month = (MONTHS as readonly string[]).indexOf(monthName);
  const [year, day, hour, minute, second] = [Number(yyyy), Number(dd), Number(m[4]), Number(m[5]), Number(m[6])];
  if (month < 0 || hour > 23 || minute > 59 || second > 59 || day < 1 || day > daysInMonth(year, month)) throw malformed();
  // The weekday is printed from the same local date: a mismatch means the text was damaged.
  const localMidnight = Date.UTC(year, month, day);
  if (WEEKDAYS[new Date(localMidnight).getUTCDay()] !== weekday) {
    throw new ParseError(`${field}: ${JSON.stringify(text)} is not a real date (${monthName} ${dd} ${yyyy} is not a ${weekday})`, line);
  }
  /** The wall time as if it were UTC, in ms. */
  const wall = localMidnight + ((hour * 60 + minute) * 60 + second) * 1000;
  const fail = (problem: string) => new ParseError(`${field}: ${problem}`, line);

  const offset = zoneOffsetMinutes(zone);
  if (offset !== undefined) return (wall - offset * 60_000) / 1000;

  const ambiguous = AMBIGUOUS.get(zone);
  // Java prints an unset time as epoch 0 in its zone (`Wed Dec 31 16:00:00 PST 1969`): when one
  // reading of the abbreviation makes the text exactly the epoch, it is the epoch, whatever the zone.
  if (ambiguous !== undefined && ambiguous.readings.some((r) => wall === r.offset * 60_000)) return 0;

  const key = opts.timezoneKey ?? "the source's timezone";
  if (opts.timezone === undefined) {
    if (ambiguous === undefined) {
      throw fail(`unknown time zone ${JSON.stringify(zone)} in ${JSON.stringify(text)}: set ${key} to the IANA zone of the JVM that printed it (like Asia/Kolkata), or capture it with TZ=UTC`);
    }
    throw fail(
      `the time zone ${JSON.stringify(zone)} in ${JSON.stringify(text)} is ambiguous (${describeReadings(ambiguous.readings)}): ` +
        `set ${key} to the IANA zone of the JVM that printed it (like ${exampleZone(zone)}), or capture it with TZ=UTC`,
    );
  }

  // Read the wall time in the configured zone: one instant, or two when the clocks went back.
  let instants = wallTimeInstants(wall, opts.timezone);
  if (ambiguous !== undefined) {
    const fits = instants.filter((i) => ambiguous.readings.some((r) => r.offset === i.offset));
    if (fits.length === 0) {
      const there = instants.length === 0 ? 'a time the clocks skipped there' : `${formatOffset(instants[0]!.offset)} there then`;
      throw fail(
        `${JSON.stringify(text)}: ${opts.timezone} (${key}) does not print ${zone} at that time (${there}; ${zone} is ${describeReadings(ambiguous.readings)}): is ${key} the zone of the JVM that printed it?`,
      );
    }
    // The hour that occurs twice: a summer-time name is the first (larger offset), a standard one the second.
    instants = fits.length === 1 ? fits : [fits.reduce((a, b) => ((b.offset > a.offset) === ambiguous.daylight ? b : a))];
  }
  if (instants.length === 0) throw fail(`${JSON.stringify(text)} is a time the clocks skipped in ${opts.timezone} (${key})`);
  if (instants.length > 1) {
    throw fail(`${JSON.stringify(text)} is a time that occurs twice in ${opts.timezone} (${key}) and ${JSON.stringify(zone)} does not say which`);
  }
  return instants[0]!.ms / 1000;
}

function zoneOffsetMinutes(zone: string): number | undefined {
  const known = ZONE_OFFSET_MINUTES.get(zone);
  if (known !== undefined) return known;
  const m = GMT_OFFSET.exec(zone);
  if (m === null) return undefined;
  const [hours, minutes] = [Number(m[2]), Number(m[3])];
  if (hours > 18 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** `-06:00 US Central, -05:00 Cuba or +08:00 China, Taiwan, Macau`. */
function describeReadings(readings: readonly Reading[]): string {
  const parts = readings.map((r) => `${formatOffset(r.offset)} ${r.where}`);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]!}`;
}

const EXAMPLE_ZONES: Readonly<Record<string, string>> = { CST: 'Asia/Shanghai', CDT: 'America/Chicago', IST: 'Asia/Kolkata', PST: 'America/Los_Angeles', BST: 'Europe/London' };

function exampleZone(abbreviation: string): string {
  return EXAMPLE_ZONES[abbreviation] ?? 'Europe/Helsinki';
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Formatters by zone: building one loads the zone's rules, and a report has thousands of dates. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes `zone` is ahead of UTC at the instant `ms`. */
function offsetAt(zone: string, ms: number): number {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instants at which the clocks of `zone` show the wall time `wall` (ms,
 * as if UTC): one, none when the clocks skipped it, two when they went back
 * over it. A zone changes offset at most once in three days, so the offsets a
 * day and a half either side are the only candidates.
 */
export function wallTimeInstants(wall: number, zone: string): { ms: number; offset: number }[] {
  const candidates = new Set([offsetAt(zone, wall - 36 * 3_600_000), offsetAt(zone, wall), offsetAt(zone, wall + 36 * 3_600_000)]);
  const out: { ms: number; offset: number }[] = [];
  for (const offset of candidates) {
    const ms = wall - offset * 60_000;
    if (offsetAt(zone, ms) === offset) out.push({ ms, offset });
  }
  return out.sort((a, b) => a.ms - b.ms);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

import { ParseError } from '../errors.js';

/**
 * `java.util.Date#toString`: `EEE MMM dd HH:mm:ss zzz yyyy`, in the JVM
 * default time zone of whoever printed it (FORMATS.md §1.3: `Wed May 01
 * 11:59:58 UTC 2024`, `Mon Apr 29 06:16:12 PDT 2024`). The zone is printed as
 * an abbreviation, which is not unique, so it is read through the explicit
 * map below and never guessed: an abbreviation the map lacks is an error.
 *
 * Ambiguous abbreviations, and the reading chosen (the one a Hadoop fleet is
 * most likely to run in):
 *  - CST  US Central (-06:00), not China Standard Time (+08:00, which Java
 *         also prints as CST for Asia/Shanghai) nor Cuba.
 *  - IST  India (+05:30), not Irish Summer Time (+01:00) nor Israel (+02:00).
 *  - BST  British Summer Time (+01:00), not Bangladesh (+06:00).
 *  - AST  Atlantic (-04:00), not Arabia Standard Time (+03:00).
 *  - GST  Gulf (+04:00), not South Georgia (-02:00).
 *  - SST  Samoa (-11:00), as Java's Pacific/Pago_Pago prints it.
 * A capture taken with `TZ=UTC` (or `-Duser.timezone=UTC`) avoids the question.
 */
const ZONE_OFFSET_MINUTES: ReadonlyMap<string, number> = new Map([
  ['UTC', 0],
  ['GMT', 0],
  ['UT', 0],
  ['Z', 0],
  // North America
  ['HST', -10 * 60],
  ['AKST', -9 * 60],
  ['AKDT', -8 * 60],
  ['PST', -8 * 60],
  ['PDT', -7 * 60],
  ['MST', -7 * 60],
  ['MDT', -6 * 60],
  ['CST', -6 * 60],
  ['CDT', -5 * 60],
  ['EST', -5 * 60],
  ['EDT', -4 * 60],
  ['AST', -4 * 60],
  ['ADT', -3 * 60],
  ['NST', -(3 * 60 + 30)],
  ['NDT', -(2 * 60 + 30)],
  // South America
  ['BRT', -3 * 60],
  ['BRST', -2 * 60],
  ['ART', -3 * 60],
  ['CLT', -4 * 60],
  ['CLST', -3 * 60],
  ['COT', -5 * 60],
  ['PET', -5 * 60],
  // Europe and Africa
  ['WET', 0],
  ['WEST', 60],
  ['BST', 60],
  ['CET', 60],
  ['CEST', 2 * 60],
  ['MET', 60],
  ['MEST', 2 * 60],
  ['EET', 2 * 60],
  ['EEST', 3 * 60],
  ['MSK', 3 * 60],
  ['WAT', 60],
  ['CAT', 2 * 60],
  ['SAST', 2 * 60],
  ['EAT', 3 * 60],
  // Asia
  ['GST', 4 * 60],
  ['PKT', 5 * 60],
  ['IST', 5 * 60 + 30],
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const JAVA_DATE = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) (\S+) (\d{4})$/;
/** Zones without an abbreviation print as a GMT offset (`GMT+05:30`, JDK 9+ CLDR names). */
const GMT_OFFSET = /^(?:GMT|UTC)([+-])(\d{2}):?(\d{2})$/;

/**
 * Parse a `Date#toString` text into epoch seconds (UTC). `field` names the
 * report key for the error message; `line` is where it was read.
 */
export function parseJavaDate(text: string, field: string, line: number | undefined): number {
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
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) {
    throw new ParseError(
      `${field}: unknown time zone ${JSON.stringify(zone)} in ${JSON.stringify(text)} (capture the report with TZ=UTC to avoid zone names)`,
      line,
    );
  }
  return (localMidnight + ((hour * 60 + minute - offset) * 60 + second) * 1000) / 1000;
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

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

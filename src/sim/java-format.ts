/**
 * How Hadoop's Java code prints numbers and dates (docs/formats.md#dates-and-zones), so the
 * simulated `hdfs dfsadmin -report` is byte-for-byte what a 3.3.x client
 * prints. Pure functions.
 *
 * A report of a big cluster prints tens of thousands of these, once per sim
 * command, in a fresh process where the code never gets hot. So the usual
 * cases take short arithmetic paths, and the general functions that work on
 * the decimal digits (`javaFixedByDigits`, `javaDateByDate`) handle the rest;
 * test/sim/java-format.test.ts checks the two agree.
 */

const PREFIXES = ['K', 'M', 'G', 'T', 'P', 'E'] as const;
/** 1024^i for i = 0 … 7: the divisor of each prefix (UNITS[1] for K), and one past E as the loop's end. */
const UNITS = Array.from({ length: PREFIXES.length + 2 }, (_, i) => 2 ** (10 * i));
/** `00` … `99`. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * `String.format(Locale.ENGLISH, "%.Nf", x)`. Java rounds HALF_UP on the
 * digits of the shortest decimal that round-trips the double (Double.toString's
 * digits), not on the exact binary value: `1.005` gives `1.01` in Java where
 * `toFixed` gives `1.00`.
 */
export function javaFixed(x: number, decimals: number): string {
  return fixedByArithmetic(x, decimals) ?? javaFixedByDigits(x, decimals);
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000] as const;
/** The arithmetic path takes |x| * 10^decimals below this, where its float error stays under 2^31 * 2^-52 ≈ 4.8e-7. */
const ARITHMETIC_LIMIT = 2 ** 31;
/** How close to a rounding half (k + 0.5) the arithmetic path refuses to decide: twice its worst error. */
const HALF_MARGIN = 1e-6;

/** `javaFixed` by arithmetic on |x| * 10^decimals (see halfUpUnits), or undefined when that cannot tell. */
function fixedByArithmetic(x: number, decimals: number): string | undefined {
  const scale = POWERS_OF_TEN[decimals];
  if (scale === undefined) return undefined;
  const y = Math.abs(x) * scale;
  if (!(y < ARITHMETIC_LIMIT)) return undefined; // also NaN and the infinities
  const units = halfUpUnits(y);
  if (units < 0) return undefined;
  const body = decimalText(units, decimals);
  // Java keeps the sign of a negative number that rounds to zero: -0.001 → "-0.00".
  return x < 0 ? `-${body}` : body;
}

/** The whole number `units` / 10^decimals, written with exactly `decimals` decimals (at most 6). */
function decimalText(units: number, decimals: number): string {
  if (decimals === 0) return String(units);
  const scale = POWERS_OF_TEN[decimals]!;
  const fraction = decimals === 2 ? TWO_DIGITS[units % 100]! : String(units % scale).padStart(decimals, '0');
  return `${Math.floor(units / scale)}.${fraction}`;
}

/**
 * HALF_UP of the shortest digits S of a double v, given y = v * 10^d
 * computed in floating point (0 <= y < ARITHMETIC_LIMIT): the whole number
 * floor(S * 10^d + 0.5), or -1 when y is too close to a half to tell.
 *
 * S and v differ by at most half an ulp and the product rounds once, so y is
 * within y * 2^-52 of S * 10^d. Unless y is that close to k + 0.5, both lie
 * on the same side of it and round alike. Near a whole number the side does
 * not matter: both round to it.
 */
function halfUpUnits(y: number): number {
  const whole = Math.floor(y);
  const rest = y - whole; // exact: y and whole are within a factor of 2 (or whole is 0)
  if (Math.abs(rest - 0.5) < HALF_MARGIN) return -1;
  return rest > 0.5 ? whole + 1 : whole;
}

/**
 * `javaFixed` on the decimal digits: JS `String(x)` yields the same shortest
 * digits as Java, which this rounds HALF_UP as text. Any magnitude, any
 * number of decimals.
 */
export function javaFixedByDigits(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : x < 0 ? '-Infinity' : 'NaN';
  const negative = x < 0;
  const abs = Math.abs(x);
  // String() gives the shortest digits without an exponent for 1e-6 <= x < 1e21.
  const plainDigits = abs >= 1e-6 && abs < 1e21 ? String(abs) : toPlain(abs);
  const dot = plainDigits.indexOf('.');
  const intPart = dot === -1 ? plainDigits : plainDigits.slice(0, dot);
  const frac = dot === -1 ? '' : plainDigits.slice(dot + 1);
  let body: string;
  if (frac.length <= decimals) {
    body = decimals === 0 ? intPart : `${intPart}.${frac.padEnd(decimals, '0')}`;
  } else {
    const kept = intPart + frac.slice(0, decimals);
    const rounded = frac.charCodeAt(decimals) >= 0x35 /* '5' */ ? incrementDigits(kept) : kept;
    const split = rounded.length - decimals;
    body = decimals === 0 ? rounded : `${rounded.slice(0, split)}.${rounded.slice(split)}`;
  }
  return negative ? `-${body}` : body;
}

/** Add one to a string of decimal digits ("0999" → "1000", "99" → "100"). */
function incrementDigits(digits: string): string {
  const chars = digits.split('');
  let i = chars.length - 1;
  for (; i >= 0; i--) {
    if (chars[i] !== '9') {
      chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
      break;
    }
    chars[i] = '0';
  }
  return i < 0 ? `1${chars.join('')}` : chars.join('');
}

/** The shortest round-trip digits of a number outside String()'s plain range, written without an exponent. */
function toPlain(abs: number): string {
  if (abs === 0) return '0';
  const [mantissa, exp] = abs.toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const pointAt = Number(exp) + 1;
  if (pointAt <= 0) return `0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return digits + '0'.repeat(pointAt - digits.length);
  return `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/**
 * `StringUtils.byteDesc(n)` = `TraditionalBinaryPrefix.long2String(n, "B", 2)`:
 * `< 1024` → `"<n> B"`; else a binary prefix, an integer when exactly
 * divisible (`48 KB`), else `%.2f` (`418.72 GB`), moving up a prefix when the
 * text starts with `1024`. Takes a bigint: cluster totals exceed 2^53.
 */
export function byteDesc(value: bigint | number): string {
  // Safe integers take the number path (exact: the divisors are powers of two); cluster totals beyond 2^53 the bigint one.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return byteDescSafe(value);
  let n = BigInt(value);
  let sign = '';
  if (n < 0n) {
    sign = '-';
    n = -n;
  }
  if (n < 1024n) return `${sign}${n} B`;
  let i = 0;
  while (i < PREFIXES.length && n >= 1n << BigInt(10 * (i + 1))) i++;
  // i is now the number of prefixes passed: PREFIXES[i - 1] is the one to use.
  const shift = 10 * i;
  if ((n & ((1n << BigInt(shift)) - 1n)) === 0n) return `${sign}${n >> BigInt(shift)} ${PREFIXES[i - 1]}B`;
  return sign + scaled(Number(n), i);
}

function byteDescSafe(value: number): string {
  const sign = value < 0 ? '-' : '';
  const n = Math.abs(value);
  if (n < 1024) return `${sign}${n} B`;
  let i = 0;
  while (i < PREFIXES.length && n >= UNITS[i + 1]!) i++;
  const unit = UNITS[i]!;
  if (n % unit === 0) return `${sign}${n / unit} ${PREFIXES[i - 1]}B`;
  return sign + scaled(n, i);
}

/** `%.2f` of n / 1024^i with its prefix, moving up a prefix when the text starts with `1024`. */
function scaled(n: number, i: number): string {
  const s = javaFixed(n / UNITS[i]!, 2);
  if (s.startsWith('1024') && i < PREFIXES.length) return `${javaFixed(n / UNITS[i + 1]!, 2)} ${PREFIXES[i]}B`;
  return `${s} ${PREFIXES[i - 1]}B`;
}

/** `<raw long> (<byteDesc>)`, the way every byte count in the report is printed. */
export function bytesWithDesc(value: bigint | number): string {
  return (typeof value === 'number' ? countWithDesc(value) : undefined) ?? `${value} (${byteDesc(value)})`;
}

/**
 * `bytesWithDesc` of a byte count (a safe integer >= 0) in one step — what
 * byteDescSafe, scaled and javaFixed do, for the report's four counts per
 * node — or undefined for the rest: negative, unsafe, too close to a
 * rounding half, or rounding up to `1024.00` (the next prefix).
 */
function countWithDesc(n: number): string | undefined {
  if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && Number.isInteger(n))) return undefined;
  if (n < 1024) return `${n} (${n} B)`;
  let i = 1;
  while (i < PREFIXES.length && n >= UNITS[i + 1]!) i++;
  const unit = UNITS[i]!;
  const prefix = PREFIXES[i - 1]!;
  if (n % unit === 0) return `${n} (${n / unit} ${prefix}B)`;
  const hundredths = halfUpUnits((n / unit) * 100);
  if (hundredths < 0 || hundredths >= 102_400) return undefined;
  return `${n} (${decimalText(hundredths, 2)} ${prefix}B)`;
}

/**
 * `DFSUtilClient.getPercentUsed(used, capacity)` printed `%.2f%%`: computed in
 * Java `float` (`used * 100.0f / capacity`), so Math.fround at every step;
 * capacity <= 0 gives 100.
 */
export function floatPercent(part: number, capacity: number): string {
  const f = capacity <= 0 ? 100 : Math.fround(Math.fround(Math.fround(part) * 100) / Math.fround(capacity));
  return `${javaFixed(f, 2)}%`;
}

/** `StringUtils.formatPercent(fraction, 2)`: a double, `%.2f%%`. */
export function doublePercent(fraction: number): string {
  return `${javaFixed(fraction * 100, 2)}%`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const pad2 = (n: number): string => String(n).padStart(2, '0');
const DAY_SECONDS = 86_400;
/** ECMAScript's Date covers ±8.64e15 ms. */
const MAX_DATE_SECONDS = 8.64e12;

/** `java.util.Date#toString` in a UTC JVM: `Wed May 01 11:59:58 UTC 2024`. */
export function javaDate(epochSeconds: number): string {
  // Whole seconds within Date's range: the day's text from a cache, the time of day by arithmetic.
  if (!Number.isSafeInteger(epochSeconds) || Math.abs(epochSeconds) > MAX_DATE_SECONDS) return javaDateByDate(epochSeconds);
  const day = Math.floor(epochSeconds / DAY_SECONDS);
  const seconds = epochSeconds - day * DAY_SECONDS;
  const minutes = Math.floor(seconds / 60);
  const parts = dayParts(day);
  return `${parts.date} ${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}:${TWO_DIGITS[seconds % 60]} UTC ${parts.year}`;
}

interface DayParts {
  /** `Wed May 01` */
  readonly date: string;
  readonly year: number;
}

/** A report's dates fall on a few days. */
const DAY_PARTS = new Map<number, DayParts>();

function dayParts(day: number): DayParts {
  let parts = DAY_PARTS.get(day);
  if (parts === undefined) {
    const d = new Date(day * DAY_SECONDS * 1000);
    parts = { date: `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())}`, year: d.getUTCFullYear() };
    DAY_PARTS.set(day, parts);
  }
  return parts;
}

/** `javaDate` through a Date object: any input (fractions of a second, out of range). */
export function javaDateByDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** A log4j `%d{ISO8601}` timestamp in UTC: `2024-05-01 12:00:00,123`. */
export function log4jTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2024-05-01T12:00:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

/**
 * How Hadoop's Java code prints numbers and dates (FORMATS.md §1.3), so the
 * simulated `hdfs dfsadmin -report` is byte-for-byte what a 3.3.x client
 * prints. Pure functions.
 */

const PREFIXES = ['K', 'M', 'G', 'T', 'P', 'E'] as const;

/**
 * `String.format(Locale.ENGLISH, "%.Nf", x)`. Java rounds HALF_UP on the
 * digits of the shortest decimal that round-trips the double (Double.toString's
 * digits), not on the exact binary value: `1.005` gives `1.01` in Java where
 * `toFixed` gives `1.00`. JS `String(x)` yields the same shortest digits.
 */
export function javaFixed(x: number, decimals: number): string {
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
  // Java keeps the sign of a negative number that rounds to zero: -0.001 → "-0.00".
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
  while (i < PREFIXES.length && n >= 2 ** (10 * (i + 1))) i++;
  const unit = 2 ** (10 * i);
  if (n % unit === 0) return `${sign}${n / unit} ${PREFIXES[i - 1]}B`;
  return sign + scaled(n, i);
}

/** `%.2f` of n / 1024^i with its prefix, moving up a prefix when the text starts with `1024`. */
function scaled(n: number, i: number): string {
  const s = javaFixed(n / 2 ** (10 * i), 2);
  if (s.startsWith('1024') && i < PREFIXES.length) return `${javaFixed(n / 2 ** (10 * (i + 1)), 2)} ${PREFIXES[i]}B`;
  return `${s} ${PREFIXES[i - 1]}B`;
}

/** `<raw long> (<byteDesc>)`, the way every byte count in the report is printed. */
export function bytesWithDesc(value: bigint | number): string {
  return `${value} (${byteDesc(value)})`;
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

/** `java.util.Date#toString` in a UTC JVM: `Wed May 01 11:59:58 UTC 2024`. */
export function javaDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** A log4j `%d{ISO8601}` timestamp in UTC: `2024-05-01 12:00:00,123`. */
export function log4jTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2024-05-01T12:00:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

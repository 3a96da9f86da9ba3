/**
 * How Prometheus (Go) prints floats (docs/formats.md#float-values), so the simulated metrics
 * look like what client_golang and the HTTP API write. Pure functions.
 */

/** Shortest round-trip digits (`d.ddd`) and the decimal exponent of a finite non-zero number. */
function shortest(x: number): { mantissa: string; exp: number } {
  const [m, e] = x.toExponential().split('e') as [string, string];
  return { mantissa: m, exp: Number(e) };
}

function goExponent(mantissa: string, exp: number): string {
  const sign = exp < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return undefined;
}

/**
 * `strconv.FormatFloat(x, 'g', -1, 64)`, what the text exposition format
 * uses: exponent form when the exponent is < -4 or >= 6 (shortest precision
 * decides with 6), so `1.7640288e+09` for a boot time and `3.29` for a load.
 */
export function goFloatG(x: number): string {
  const abs = Math.abs(x);
  // Go's plain range for 'g' is 1e-4 <= |x| < 1e6, inside JS String()'s plain range with the same digits.
  if (abs >= 1e-4 && abs < 1e6) return String(x);
  // Boot times and counters: a safe integer's shortest digits are its own, less trailing zeros.
  if (Number.isSafeInteger(x) && x !== 0) return safeIntegerG(x);
  return goFloatGByDigits(x);
}

/** `goFloatG` of a safe integer with |x| >= 1e6: `1764028800` → `1.7640288e+09`. */
function safeIntegerG(x: number): string {
  const digits = String(Math.abs(x));
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30 /* '0' */) end--;
  const mantissa = end === 1 ? digits[0]! : `${digits[0]}.${digits.slice(1, end)}`;
  return (x < 0 ? '-' : '') + goExponent(mantissa, digits.length - 1);
}

/** `goFloatG` from the `toExponential` digits: any number; the reference for the fast paths. */
export function goFloatGByDigits(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(x);
  const sign = x < 0 ? '-' : '';
  const { mantissa, exp } = shortest(abs);
  if (exp < -4 || exp >= 6) return sign + goExponent(mantissa, exp);
  return sign + plain(mantissa, exp);
}

/**
 * A sample value in the HTTP API JSON (`MarshalFloat`): `'f'` shortest, or
 * `'e'` when |x| < 1e-6 or >= 1e21. Infinities are `+Inf` / `-Inf`.
 */
export function goJsonFloat(x: number): string {
  const abs = Math.abs(x);
  // Exactly JS String()'s plain range, with the same shortest digits.
  if (abs >= 1e-6 && abs < 1e21) return String(x);
  return goJsonFloatByDigits(x);
}

/** `goJsonFloat` from the `toExponential` digits: any number; the reference for the fast path. */
export function goJsonFloatByDigits(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  const { mantissa, exp } = shortest(abs);
  if (abs < 1e-6 || abs >= 1e21) return sign + goExponent(mantissa, exp);
  return sign + plain(mantissa, exp);
}

/** `d.ddd` × 10^exp written without an exponent. */
function plain(mantissa: string, exp: number): string {
  const digits = mantissa.replace('.', '');
  const pointAt = exp + 1;
  if (pointAt <= 0) return `0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return digits + '0'.repeat(pointAt - digits.length);
  return `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/** `MarshalTimestamp`: epoch ms as seconds, `1714564800.781`, `1714564800.050`, or `1714564800` when ms = 0. */
export function goJsonTimestamp(epochMs: number): string {
  const sec = Math.floor(epochMs / 1000);
  const ms = epochMs - sec * 1000;
  return ms === 0 ? String(sec) : `${sec}.${String(ms).padStart(3, '0')}`;
}

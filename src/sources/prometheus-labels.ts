import { compareBytewise } from '../util/bytewise.js';

/**
 * What the two Prometheus parsers (HTTP API JSON, text exposition format)
 * share, so both store the same thing for the same sample: the label set
 * minus the metric name and the host label as canonical JSON, and sample
 * values read the way Go's `strconv.ParseFloat` reads them.
 */

/**
 * A sample's labels, in parallel arrays that a parser reuses from one sample
 * to the next: the text parser sees millions of lines and should not build a
 * Map or an object per line just to throw it away.
 */
export class LabelSet {
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  private readonly order: number[] = [];
  private size = 0;

  get count(): number {
    return this.size;
  }

  reset(): void {
    this.size = 0;
  }

  /** False if the name is already in the set (the caller reports the duplicate). */
  add(name: string, value: string): boolean {
    for (let k = 0; k < this.size; k++) if (this.names[k] === name) return false;
    this.names[this.size] = name;
    this.values[this.size] = value;
    this.size++;
    return true;
  }

  get(name: string): string | undefined {
    for (let k = 0; k < this.size; k++) if (this.names[k] === name) return this.values[k];
    return undefined;
  }

  /** For error messages: `__name__, job, mode` (bytewise order), or `no labels`. */
  describeNames(): string {
    if (this.size === 0) return 'no labels';
    return this.sortedIndexes()
      .map((k) => this.names[k]!)
      .join(', ');
  }

  /**
   * `{"device":"/dev/sdb1","job":"node"}`: every label except the excluded
   * ones (the metric name and the host label), keys in bytewise order, so the
   * same label set is the same text whatever order the input wrote it in (the
   * text format does not require sorted labels). Null when nothing is left.
   * Built by hand rather than through an object: JavaScript objects put
   * integer-like keys first, and Prometheus 3 allows a label named `0`.
   */
  otherLabelsJson(excludeA: string, excludeB: string): string | null {
    let out = '';
    for (const k of this.sortedIndexes()) {
      const name = this.names[k]!;
      if (name === excludeA || name === excludeB) continue;
      out += `${out === '' ? '{' : ','}${jsonString(name)}:${jsonString(this.values[k]!)}`;
    }
    return out === '' ? null : `${out}}`;
  }

  /** Insertion sort of a reused index array: label sets are small and usually already sorted (O(n) then). */
  private sortedIndexes(): number[] {
    const order = this.order;
    order.length = this.size;
    for (let k = 0; k < this.size; k++) {
      let j = k;
      while (j > 0 && compareBytewise(this.names[order[j - 1]!]!, this.names[k]!) > 0) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = k;
    }
    return order;
  }
}

/** JSON.stringify for a string, without its cost when nothing needs escaping (the usual label). */
function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Control characters, `"`, `\` and surrogates (JSON.stringify escapes lone ones) take the slow path.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

// ---- sample values ----

const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * A sample value as Prometheus reads it: Go `strconv.ParseFloat` (docs/formats.md#float-values), minus the hex and `_` forms Prometheus refuses. So `1`, `0.5`, `.5`,
 * `1.`, `1.7118863995e+09`, `-3e-07`; `NaN` (no sign); `Inf`, `+Inf`, `-Inf`
 * and `Infinity`, case-insensitive. Undefined when Prometheus would refuse the
 * text, including a decimal beyond float64 (`1e400`: ParseFloat's ErrRange).
 * No regex: this runs once per line of a multi-million-line dump.
 */
export function parseGoFloat(token: string): number | undefined {
  if (isDecimal(token)) {
    const v = Number(token);
    return Number.isFinite(v) ? v : undefined;
  }
  return special(token);
}

/** Why `parseGoFloat` refused a token, for the error message. */
export function badValueProblem(token: string): string {
  if (isDecimal(token)) return `bad value ${JSON.stringify(token)}: out of the float64 range`;
  return `bad value ${JSON.stringify(token)}: expected a number, NaN, +Inf or -Inf`;
}

/** `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?` */
function isDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === PLUS || c === MINUS) c = s.charCodeAt(++i);
  let digits = 0;
  while (c >= ZERO && c <= NINE) {
    digits++;
    c = s.charCodeAt(++i);
  }
  if (c === DOT) {
    c = s.charCodeAt(++i);
    while (c >= ZERO && c <= NINE) {
      digits++;
      c = s.charCodeAt(++i);
    }
  }
  if (digits === 0) return false;
  if (c === 0x65 || c === 0x45) {
    c = s.charCodeAt(++i);
    if (c === PLUS || c === MINUS) c = s.charCodeAt(++i);
    let exp = 0;
    while (c >= ZERO && c <= NINE) {
      exp++;
      c = s.charCodeAt(++i);
    }
    if (exp === 0) return false;
  }
  return i === n;
}

/** Go's `special`: an optional sign then `inf`/`infinity`, or `nan` without a sign, ignoring case. */
function special(s: string): number | undefined {
  if (s.length > 9) return undefined;
  const lower = s.toLowerCase();
  switch (lower) {
    case 'nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

/** The columns a sample value fills: SQLite has no NaN (it would become NULL silently), so non-finite values keep their text. */
export function valueColumns(v: number): { value: number | null; value_text: string | null } {
  if (Number.isFinite(v)) return { value: v, value_text: null };
  if (Number.isNaN(v)) return { value: null, value_text: 'NaN' };
  return v > 0 ? { value: Infinity, value_text: '+Inf' } : { value: -Infinity, value_text: '-Inf' };
}

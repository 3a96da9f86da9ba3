import { ParseError } from '../errors.js';
import type { LineParser, LineParserFactory } from './parser.js';
import { badValueProblem, LabelSet, parseGoFloat } from './prometheus-labels.js';
import type { MetricSampleRow } from './rows.js';
import { quoteExcerpt } from './excerpt.js';

/**
 * The Prometheus text exposition format (docs/formats.md#text-exposition): what `/metrics`,
 * `/federate` and `promtool` dumps print.
 *
 *     # HELP up 1 if the target was scraped successfully, else 0.
 *     # TYPE up untyped
 *     up{instance="dn0001.smf1.example.com:9100",job="node"} 1 1714564800781
 *
 * Streaming, one row per sample line, emitted at once. Dumps run to millions
 * of lines, so a line is read by a hand-written scanner over char codes: no
 * regex, no split, and the label set is kept in buffers reused across lines.
 *
 * A sample without the host label (or with it empty, which Prometheus reads
 * as absent) names no host: `/federate` dumps carry series aggregated across
 * hosts (recording rules, `job:up:sum{job="node"}`) next to per-host ones.
 * Such samples are skipped and counted (`onSkipped`), never dropped
 * silently; when no sample of the input has the host label, host_label is
 * wrong and the input is an error at the first sample.
 */
export interface PrometheusTextOptions {
  /** The label that names the host (`instance` by default in the config); its value is stored raw, port and all. */
  readonly hostLabel: string;
  /** Epoch seconds for samples without a timestamp: the loader passes the capture time. */
  readonly defaultTs: number;
  /** Called for each sample skipped because it has no host label. */
  readonly onSkipped?: (() => void) | undefined;
}

const TAB = 0x09;
const SPACE = 0x20;
const HASH = 0x23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const MINUS = 0x2d;
/** 1e11 ms is 1973-03-03: earlier sample timestamps are seconds misread as milliseconds. */
const EARLIEST_MS = 1e11;

export const prometheusTextParser: LineParserFactory<MetricSampleRow, PrometheusTextOptions> = (options, emit): LineParser => {
  const scanner = new SampleScanner(options);
  let emitted = 0;
  return {
    line(text, lineNo) {
      const row = scanner.sample(text, lineNo);
      if (row === undefined) return;
      if (row.hostname === '') {
        // After the whole line was checked: a skipped sample is still a well-formed one.
        options.onSkipped?.();
        return;
      }
      emitted++;
      emit(row);
    },
    end() {
      if (emitted === 0 && scanner.firstHostless !== undefined) throw scanner.firstHostless;
    },
  };
};

class SampleScanner {
  private readonly labels = new LabelSet();
  private readonly defaultTs: number;
  private readonly hostLabel: string;
  /** The line being scanned and the position in it. */
  private text = '';
  private pos = 0;
  private lineNo = 0;
  private sawContent = false;
  /** The error for the first sample without the host label, thrown at the end when no sample had one. */
  firstHostless: ParseError | undefined;

  constructor(options: PrometheusTextOptions) {
    this.hostLabel = options.hostLabel;
    this.defaultTs = Math.floor(options.defaultTs);
  }

  /** One line: a row for a sample line, undefined for a blank line or a comment (`# HELP`, `# TYPE`, `# anything`). */
  sample(text: string, lineNo: number): MetricSampleRow | undefined {
    this.text = text;
    this.pos = 0;
    this.lineNo = lineNo;
    this.skipBlanks();
    if (this.pos === text.length) return undefined;
    const first = text.charCodeAt(this.pos);
    if (first === HASH) return undefined;
    if (!this.sawContent) this.firstContent();

    this.labels.reset();
    const nameStart = this.pos;
    let name = '';
    if (first !== OPEN) name = this.metricName();
    if (text.charCodeAt(this.pos) === OPEN) name = this.labelBlock(name);
    else if (this.pos < text.length && !isBlank(text.charCodeAt(this.pos))) {
      this.pos = nameStart;
      throw this.badMetricName();
    }
    // `{__name__="up",instance="..."} 1` names the metric the way the selector syntax does.
    if (name === '') name = this.labels.get('__name__') ?? '';
    if (name === '') throw this.fail('the sample has no metric name');

    this.skipBlanks();
    if (this.pos === text.length) throw this.fail(`missing value for ${name}`);
    const valueText = this.token();
    const v = parseGoFloat(valueText);
    if (v === undefined) throw this.fail(badValueProblem(valueText));
    this.skipBlanks();
    let ts = this.defaultTs;
    if (this.pos < text.length) {
      ts = this.timestamp(this.token());
      this.skipBlanks();
      if (this.pos < text.length) throw this.fail(`unexpected text after the timestamp: ${quoteExcerpt(text.slice(this.pos), 60)}`);
    }

    const hostname = this.labels.get(this.hostLabel) ?? '';
    // An empty label value is the same as no label in Prometheus. The sample is skipped (the
    // factory counts it); the error is kept for when no sample of the input names a host.
    if (hostname === '') {
      this.firstHostless ??= this.fail(
        `${name} has no ${JSON.stringify(this.hostLabel)} label to name the host (${this.labels.describeNames()}), nor has any other sample; set host_label to the label that names the host`,
      );
    }
    // As valueColumns, inlined: one object per row instead of two on the hot path.
    const finite = Number.isFinite(v);
    return {
      ts,
      hostname,
      metric: name,
      value: Number.isNaN(v) ? null : v,
      value_text: finite ? null : Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf',
      labels: this.labels.otherLabelsJson('__name__', this.hostLabel),
      line: lineNo,
      path: null,
    };
  }

  /** The first non-comment line: catch a JSON API response given to the wrong parser with a useful message. */
  private firstContent(): void {
    this.sawContent = true;
    if (this.text.startsWith('{"status"', this.pos)) {
      throw this.fail('this is a Prometheus HTTP API JSON response, not the text exposition format: use format prometheus-json');
    }
  }

  /** `[a-zA-Z_:][a-zA-Z0-9_:]*` */
  private metricName(): string {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (i < text.length && isNameStart(text.charCodeAt(i))) {
      i++;
      while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    }
    if (i === start) throw this.badMetricName();
    this.pos = i;
    return text.slice(start, i);
  }

  /** `1up 1`, `up-time 1`, `node.load 1`: quotes the whole first token. */
  private badMetricName(): ParseError {
    const text = this.text;
    let i = this.pos;
    while (i < text.length && !isBlank(text.charCodeAt(i)) && text.charCodeAt(i) !== OPEN) i++;
    return this.fail(`bad metric name ${quoteExcerpt(text.slice(this.pos, i), 60)}: metric names match [a-zA-Z_:][a-zA-Z0-9_:]*`);
  }

  /**
   * `{name="value",...}` with blanks allowed between tokens and a trailing
   * comma. Label names are `[a-zA-Z_][a-zA-Z0-9_]*` or, since Prometheus 3,
   * quoted strings; a lone quoted string (`{"my.metric",job="x"}`) is the
   * metric name when none came before the brace. Returns the metric name.
   */
  private labelBlock(name: string): string {
    const text = this.text;
    this.pos++; // '{'
    for (;;) {
      this.skipBlanks();
      if (this.pos >= text.length) throw this.fail('unterminated label set: no closing "}"');
      const c = text.charCodeAt(this.pos);
      if (c === CLOSE) {
        this.pos++;
        return name;
      }
      let label: string;
      if (c === QUOTE) {
        label = this.quoted(undefined);
        this.skipBlanks();
        const after = text.charCodeAt(this.pos);
        if (after === COMMA || after === CLOSE) {
          if (name !== '') throw this.fail(`a quoted metric name ${quoteExcerpt(label, 60)} after the metric name ${name}`);
          name = label;
          if (after === COMMA) this.pos++;
          continue;
        }
      } else {
        label = this.labelName();
      }
      this.skipBlanks();
      if (text.charCodeAt(this.pos) !== EQUALS) throw this.fail(`expected "=" after label name ${quoteExcerpt(label, 60)}`);
      this.pos++;
      this.skipBlanks();
      if (text.charCodeAt(this.pos) !== QUOTE) throw this.fail(`expected a quoted value for label ${quoteExcerpt(label, 60)}`);
      const value = this.quoted(label);
      if (!this.labels.add(label, value)) throw this.fail(`label ${quoteExcerpt(label, 60)} appears twice`);
      this.skipBlanks();
      const sep = text.charCodeAt(this.pos);
      if (sep === COMMA) this.pos++;
      else if (sep !== CLOSE) {
        if (this.pos >= text.length) throw this.fail('unterminated label set: no closing "}"');
        throw this.fail(`expected "," or "}" after the value of label ${quoteExcerpt(label, 60)}, got ${quoteExcerpt(text[this.pos]!, 60)}`);
      }
    }
  }

  /** `[a-zA-Z_][a-zA-Z0-9_]*` (no colon, unlike metric names). */
  private labelName(): string {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (isLabelStart(text.charCodeAt(i))) {
      i++;
      while (i < text.length && isLabelChar(text.charCodeAt(i))) i++;
    }
    const end = i;
    // The name must end where `=`, a blank or the end of the block begins; `1abc` or `a.b` is not a name.
    while (i < text.length && !isLabelStop(text.charCodeAt(i))) i++;
    if (end === start || i !== end) {
      throw this.fail(`bad label name ${quoteExcerpt(text.slice(start, Math.max(i, start + 1)), 60)}: label names match [a-zA-Z_][a-zA-Z0-9_]* (or are quoted)`);
    }
    this.pos = end;
    return text.slice(start, end);
  }

  /**
   * A double-quoted string at `pos`. Escapes as Prometheus reads them: `\\`,
   * `\"` and `\n`; any other backslash pair is kept as written (its
   * `lvalReplacer` replaces only those three). A `}`, `,` or blank inside the
   * quotes is part of the value. `label` names the label whose value this
   * is (undefined for a quoted name), for the error message.
   */
  private quoted(label: string | undefined): string {
    const text = this.text;
    const start = this.pos + 1;
    let i = start;
    let out: string | undefined;
    let chunk = start;
    for (;;) {
      if (i >= text.length) throw this.unterminated(label);
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        if (i + 1 >= text.length) throw this.unterminated(label);
        const e = text[i + 1];
        const replacement = e === '\\' ? '\\' : e === '"' ? '"' : e === 'n' ? '\n' : undefined;
        if (replacement !== undefined) {
          out = (out ?? '') + text.slice(chunk, i) + replacement;
          chunk = i + 2;
        }
        i += 2;
      } else i++;
    }
    this.pos = i + 1;
    return out === undefined ? text.slice(start, i) : out + text.slice(chunk, i);
  }

  private unterminated(label: string | undefined): ParseError {
    return this.fail(`unterminated ${label === undefined ? 'label name' : `value of label ${quoteExcerpt(label, 60)}`}: no closing quote`);
  }

  /** Integer milliseconds (Go int64; negative allowed) → epoch seconds. */
  private timestamp(token: string): number {
    let i = token.charCodeAt(0) === MINUS ? 1 : 0;
    const digitsFrom = i;
    for (; i < token.length; i++) {
      const c = token.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
    }
    const ms = Number(token);
    if (i !== token.length || i === digitsFrom || !Number.isSafeInteger(ms)) {
      throw this.fail(`bad timestamp ${quoteExcerpt(token, 60)}: expected integer milliseconds since the epoch`);
    }
    // OpenMetrics text looks the same but writes SECONDS: read as milliseconds they land in
    // January 1970. No real sample is from before 1973, so refuse rather than misdate it.
    if (ms < EARLIEST_MS) {
      throw this.fail(`bad timestamp ${quoteExcerpt(token, 60)}: as milliseconds that is before 1973; this format writes milliseconds (is this OpenMetrics text, which writes seconds?)`);
    }
    return Math.floor(ms / 1000);
  }

  /** The run of non-blank characters at `pos` (a value or a timestamp); advances past it. */
  private token(): string {
    const text = this.text;
    const start = this.pos;
    let i = start;
    while (i < text.length && !isBlank(text.charCodeAt(i))) i++;
    this.pos = i;
    return text.slice(start, i);
  }

  private skipBlanks(): void {
    const text = this.text;
    let i = this.pos;
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    this.pos = i;
  }

  private fail(problem: string): ParseError {
    return new ParseError(problem, this.lineNo);
  }
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isLabelStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isLabelChar(c: number): boolean {
  return isLabelStart(c) || (c >= 0x30 && c <= 0x39);
}

function isNameStart(c: number): boolean {
  return isLabelStart(c) || c === 0x3a;
}

function isNameChar(c: number): boolean {
  return isLabelChar(c) || c === 0x3a;
}

function isLabelStop(c: number): boolean {
  return c === EQUALS || c === COMMA || c === CLOSE || c === QUOTE || isBlank(c);
}

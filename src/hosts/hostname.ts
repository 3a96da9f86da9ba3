import { isIP } from 'node:net';

/** How hostnames from every source are normalised before they are stored (config `hosts:`). */
export interface HostOptions {
  /** Lower-case every name (DNS is case-insensitive). Default true. */
  readonly lowercase: boolean;
  /** Drop a `:port` suffix (`dn1.x.com:9866` → `dn1.x.com`, `[2001:db8::1]:9100` → `2001:db8::1`). Default true. */
  readonly stripPort: boolean;
  /** Suffix added to short names (no dot, not an IP), e.g. `.smf1.example.com`. */
  readonly qualify?: string | undefined;
}

export const DEFAULT_HOST_OPTIONS: HostOptions = { lowercase: true, stripPort: true };

export type HostResult =
  | { readonly ok: true; readonly hostname: string; readonly port: number | undefined; readonly isIp: boolean }
  | { readonly ok: false; readonly problem: string };

/**
 * Split a host token the way HDFS host files and Prometheus `instance` labels
 * write them: `host`, `host:port`, `ip`, `ip:port`, `[v6]`, `[v6]:port`, or a
 * bare IPv6 address (which has no port: `2001:db8::1` is an address, not
 * `2001:db8:` port 1). Returns the host part and the port if one was given.
 */
export function splitHostPort(token: string): { host: string; port: string | undefined } {
  if (token.startsWith('[')) {
    const close = token.indexOf(']');
    if (close > 0) {
      const rest = token.slice(close + 1);
      return { host: token.slice(1, close), port: rest.startsWith(':') ? rest.slice(1) : rest === '' ? undefined : rest };
    }
    return { host: token, port: undefined };
  }
  const first = token.indexOf(':');
  if (first === -1) return { host: token, port: undefined };
  if (token.indexOf(':', first + 1) !== -1) {
    // Several colons: an IPv6 literal. HDFS prints `2001:db8::b:9866` (address
    // then port, no brackets); only treat the last group as a port when the
    // rest is a valid address and the whole is not.
    if (isIP(token) === 6) return { host: token, port: undefined };
    const last = token.lastIndexOf(':');
    const head = token.slice(0, last);
    if (isIP(head) === 6 && /^\d+$/.test(token.slice(last + 1))) return { host: head, port: token.slice(last + 1) };
    return { host: token, port: undefined };
  }
  return { host: token.slice(0, first), port: token.slice(first + 1) };
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Why `name` is not an RFC 1123 hostname, or undefined when it is one. */
export function hostnameProblem(name: string): string | undefined {
  if (name === '') return 'empty hostname';
  if (name.length > 253) return `hostname is ${name.length} characters long (at most 253)`;
  const bad = /[^A-Za-z0-9.-]/.exec(name);
  if (bad) {
    const ch = bad[0];
    const shown = /[\x00-\x1f\x7f]/.test(ch) ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : ch;
    return `'${shown}' is not allowed in a hostname (RFC 1123: letters, digits, '-' and '.')`;
  }
  for (const label of name.split('.')) {
    if (label === '') return 'empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `label "${label.slice(0, 20)}…" is longer than 63 characters`;
    if (!LABEL.test(label)) return `label "${label}" must not start or end with '-'`;
  }
  return undefined;
}

/** Printable form of an untrusted value for an error message (quoted, control bytes escaped, shortened). */
export function quoteValue(value: string, max = 80): string {
  const cut = value.length > max ? value.slice(0, max) + '…' : value;
  return JSON.stringify(cut);
}

/**
 * A name normalizeHost returns unchanged whatever the options: lower-case
 * RFC 1123 labels (1–63 characters, no leading or trailing dash), at least
 * two of them (so `qualify` does not apply), no port, no trailing dot, and a
 * letter in the last label (so it is not an IPv4 address).
 */
const CANONICAL_FQDN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?=[0-9-]*[a-z])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * True when `name` is already what normalizeHost would return, whatever the
 * options: one regular expression instead of the full parse, for the
 * millions of names that are (a third of the cost of importing a host list).
 * False says nothing: the name needs normalizeHost.
 */
export function isCanonicalHostname(name: string): boolean {
  return name.length <= 253 && CANONICAL_FQDN.test(name);
}

/**
 * Normalise and validate one host token from an input. Pure: the result says
 * either the stored hostname or what is wrong with the token. A token that is
 * not an RFC 1123 name or an IP literal is never accepted: it could otherwise
 * end up in an action's argv.
 */
export function normalizeHost(raw: string, opts: HostOptions = DEFAULT_HOST_OPTIONS): HostResult {
  let token = raw.trim();
  if (token === '') return { ok: false, problem: 'empty hostname' };
  let port: number | undefined;
  const split = splitHostPort(token);
  if (split.port !== undefined) {
    if (!/^-?\d{1,5}$/.test(split.port)) {
      return { ok: false, problem: `invalid hostname ${quoteValue(raw)}: port ${quoteValue(split.port)} is not a number` };
    }
    if (!opts.stripPort) {
      return { ok: false, problem: `invalid hostname ${quoteValue(raw)}: has a port and hosts.strip_port is false` };
    }
    port = Number(split.port);
    token = split.host;
  } else if (split.host !== token) {
    token = split.host;
  }
  if (token.endsWith('.') && token.length > 1) token = token.slice(0, -1); // absolute FQDN
  // Node's isIP accepts an IPv6 scope (`fe80::1%eth0`, `fe80::1%25eth0` in
  // URLs): the part after `%` is free text naming an interface of the machine
  // that printed it, not part of any host's address. Never a hostname.
  const zone = token.indexOf('%');
  if (zone !== -1 && token.includes(':')) {
    return { ok: false, problem: `invalid hostname ${quoteValue(raw)}: an IPv6 zone id (${quoteValue(token.slice(zone))}) names a network interface of the machine that printed it, not a host` };
  }
  const ipVersion = isIP(token);
  if (ipVersion !== 0) {
    return { ok: true, hostname: ipVersion === 6 ? token.toLowerCase() : token, port, isIp: true };
  }
  const problem = hostnameProblem(token);
  if (problem !== undefined) return { ok: false, problem: `invalid hostname ${quoteValue(raw)}: ${problem}` };
  if (opts.lowercase) token = token.toLowerCase();
  if (opts.qualify !== undefined && opts.qualify !== '' && !token.includes('.')) {
    const suffix = opts.qualify.startsWith('.') ? opts.qualify : `.${opts.qualify}`;
    token += opts.lowercase ? suffix.toLowerCase() : suffix;
    const qualifiedProblem = hostnameProblem(token);
    if (qualifiedProblem !== undefined) {
      return { ok: false, problem: `invalid hostname ${quoteValue(raw)} after hosts.qualify: ${qualifiedProblem}` };
    }
  }
  return { ok: true, hostname: token, port, isIp: false };
}

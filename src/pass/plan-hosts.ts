import { normalizeHost, quoteValue, type HostOptions } from '../hosts/hostname.js';

/**
 * One spelling of a host for everything a plan reads. Imports store every
 * hostname through normalizeHost with the config's `hosts:` options; the
 * views an action names (candidates, in_progress, deny, population), an
 * edited plan file and the journal may spell a host otherwise
 * (`DN01.EXAMPLE.COM`, `dn02.example.com.`, `dn03:9866`, a short name the
 * config qualifies) and go through the very same function here, so a deny or
 * in-progress row protects its host however it is written.
 */

export type HostValue = { readonly ok: true; readonly hostname: string } | { readonly ok: false; readonly problem: string };

/** A view's hostname value (text or NULL, as views are read), normalised with the config's `hosts:` options. */
export function planHost(value: string | null | undefined, opts: HostOptions): HostValue {
  if (value === null || value === undefined) return { ok: false, problem: 'no hostname (NULL)' };
  const r = normalizeHost(value, opts);
  return r.ok ? { ok: true, hostname: r.hostname } : { ok: false, problem: r.problem };
}

/**
 * A host-bearing row that could not be normalised, and what planning did
 * about it: never ignored silently. A candidate is dropped, a population row
 * not counted (a smaller budget), an in-progress, deny or journal row
 * refuses its cluster, or the whole action when it names no cluster.
 */
export interface InvalidRow {
  /** The view (or `journal`) the row came from. */
  readonly view: string;
  readonly value: string | null;
  readonly problem: string;
  readonly effect: string;
}

/** What refuses a cluster (or, with cluster null, the whole action) because a row could not be read. */
export interface RowRefusal {
  readonly cluster: string | null;
  readonly reason: string;
}

/** `in_progress view out-of-service: invalid hostname "DN..1": ...`: the view, the value and the problem. */
export function describeInvalid(what: string, view: string, value: string | null, problem: string): string {
  // normalizeHost's problems quote the value already; the others do not.
  const shown = value === null ? 'NULL' : quoteValue(value);
  return `${what} ${view}: ${problem.includes(shown) ? problem : `${shown}: ${problem}`}`;
}

/**
 * An SQL expression that is false only for text normalizeHost returns
 * unchanged, whatever the options: lower-case letters, digits, dots and
 * dashes, no empty label, no label starting or ending with a dash, no
 * trailing dot, a dot somewhere when short names are qualified, at most 63
 * characters (so no label is too long). Everything else — upper case, a
 * port, a trailing dot, a short name, an IP literal with colons, junk — needs
 * the JavaScript normalisation; in a population that was imported it is
 * almost nothing, so counting a 1M-host population stays an SQL scan.
 * `t` is the hostname as text (may be NULL).
 */
export function mayNeedNormalizingSql(t: string, opts: HostOptions): string {
  const qualify = opts.qualify !== undefined && opts.qualify !== '';
  return (
    `(${t} IS NULL OR ${t} = '' OR length(${t}) > 63 OR ${t} GLOB '*[^-a-z0-9.]*' ` +
    `OR substr(${t}, 1, 1) IN ('.', '-') OR substr(${t}, -1, 1) IN ('.', '-') ` +
    `OR instr(${t}, '..') > 0 OR instr(${t}, '.-') > 0 OR instr(${t}, '-.') > 0` +
    (qualify ? ` OR instr(${t}, '.') = 0` : '') +
    ')'
  );
}

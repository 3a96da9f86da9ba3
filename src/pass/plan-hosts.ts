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

import { compareBytewise } from '../util/bytewise.js';
import { ParseError } from '../errors.js';
import { isCanonicalHostname, normalizeHost, type HostOptions } from '../hosts/hostname.js';
import type { RowOrigin } from './parser.js';

/**
 * Distinct hosts remembered per import at most (about 160 MB with the set's
 * overhead; 1M hosts, the design's upper end, take 80 MB); beyond it the
 * caller falls back to SQL over the loaded rows.
 */
const MAX_DISTINCT = 2_000_000;

/** What a HostNormalizer learnt (snapshot/adopt): distinct hosts joined by newlines (no hostname has one); null when too many were seen to keep. */
export interface NormalizerState {
  readonly ipLiterals: number;
  readonly distinct: string | null;
}

/**
 * Normalises the hostnames of one import with the workspace's `hosts:`
 * settings, turning an invalid one into a ParseError at its row's line (or
 * JSON path). Counts IP literals: after the load they are mapped to inventory
 * hostnames, which costs a pass over the table only when there were any.
 */
export class HostNormalizer {
  ipLiterals = 0;
  private lastRaw = '';
  private lastHost = '';
  private distinctHosts: Set<string> | undefined;

  /**
   * `collectDistinct`: remember every distinct hostname returned, so the
   * loader can count the hosts the inventory does not know without a pass
   * over a multi-million-row table (metrics name each host many times).
   */
  private readonly collecting: boolean;

  constructor(
    private readonly options: HostOptions,
    opts: { readonly collectDistinct?: boolean } = {},
  ) {
    this.collecting = opts.collectDistinct === true;
    if (this.collecting) this.distinctHosts = new Set();
  }

  /** The distinct hostnames returned so far, or undefined when not collected (or too many to keep). */
  get distinct(): ReadonlySet<string> | undefined {
    return this.distinctHosts;
  }

  /** The settings, to make the same normaliser on another thread. */
  get settings(): { readonly options: HostOptions; readonly collectDistinct: boolean } {
    return { options: this.options, collectDistinct: this.collecting };
  }

  /** What this normaliser learnt, as plain data for another thread's adopt(). */
  snapshot(): NormalizerState {
    // Sorted here, where it can overlap the other thread's inserts: the receiver writes them in key order (metric_hosts).
    return { ipLiterals: this.ipLiterals, distinct: this.distinctHosts === undefined ? null : [...this.distinctHosts].sort(compareBytewise).join('\n') };
  }

  /** Take over what a normaliser on another thread learnt while it parsed this import's input. */
  adopt(state: NormalizerState): void {
    this.ipLiterals += state.ipLiterals;
    if (this.distinctHosts === undefined) return;
    if (state.distinct === null) this.distinctHosts = undefined;
    else if (state.distinct !== '') for (const h of state.distinct.split('\n')) this.distinctHosts.add(h);
  }

  normalize(raw: string, origin: RowOrigin | number): string {
    // Inputs repeat the same host on consecutive lines (metrics per host,
    // sections per node): skip the work for a repeat.
    if (raw === this.lastRaw && raw !== '') return this.lastHost;
    let host: string;
    // Most tokens are already what normalizeHost would return; say so with
    // one regular expression instead of the full parse (a third of the cost
    // of importing a host list).
    if (isCanonicalHostname(raw)) {
      host = raw;
    } else {
      const r = normalizeHost(raw, this.options);
      if (!r.ok) {
        if (typeof origin === 'number') throw new ParseError(r.problem, origin);
        throw new ParseError(r.problem, origin.line ?? undefined, origin.path ?? undefined);
      }
      if (r.isIp) this.ipLiterals++;
      host = r.hostname;
    }
    this.lastRaw = raw;
    this.lastHost = host;
    const seen = this.distinctHosts;
    if (seen !== undefined && !seen.has(host)) {
      if (seen.size >= MAX_DISTINCT) this.distinctHosts = undefined;
      // A copy: `host` is often a slice of the reader's whole 4 MiB chunk,
      // which keeping the slice would keep alive. Hostnames are ASCII.
      else seen.add(Buffer.from(host, 'latin1').toString('latin1'));
    }
    return host;
  }
}

import { ParseError } from '../errors.js';
import { normalizeHost, type HostOptions } from '../hosts/hostname.js';
import type { RowOrigin } from './parser.js';

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

  constructor(private readonly options: HostOptions) {}

  normalize(raw: string, origin: RowOrigin | number): string {
    // Inputs repeat the same host on consecutive lines (metrics per host,
    // sections per node): skip the work for a repeat.
    if (raw === this.lastRaw && raw !== '') return this.lastHost;
    const r = normalizeHost(raw, this.options);
    if (!r.ok) {
      if (typeof origin === 'number') throw new ParseError(r.problem, origin);
      throw new ParseError(r.problem, origin.line ?? undefined, origin.path ?? undefined);
    }
    if (r.isIp) this.ipLiterals++;
    this.lastRaw = raw;
    this.lastHost = r.hostname;
    return r.hostname;
  }
}

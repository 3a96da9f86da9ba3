/**
 * How well a source's hosts match the inventory, and what a poor match most
 * likely means. Pure: the counts come from the day's database.
 */

/** A share of unknown hosts at or above this is flagged. */
export const HIGH_UNMATCHED_SHARE = 0.1;

export interface MatchStats {
  /** Distinct hosts the source names. */
  readonly hosts: number;
  /** Of those, the ones the inventory does not know. */
  readonly unmatched: number;
  /** Unmatched hosts without a dot that are the first label of an inventory host (`dn1` vs `dn1.smf1.example.com`). */
  readonly shortOfInventory: number;
  /** One such pair, for the message. */
  readonly shortExample: { readonly short: string; readonly inventory: string } | null;
  /** Unmatched hosts that are IP literals. */
  readonly ipLiterals: number;
  /** Does the inventory have an `ip` column (so IP literals can be mapped)? */
  readonly inventoryHasIp: boolean;
}

export interface MatchVerdict {
  /** unmatched / hosts, 0 for a source with no hosts. */
  readonly share: number;
  readonly flagged: boolean;
  /** Why the share is high and what fixes it; null when not flagged. */
  readonly explanation: string | null;
}

export function assessMatch(s: MatchStats, threshold = HIGH_UNMATCHED_SHARE): MatchVerdict {
  const share = s.hosts === 0 ? 0 : s.unmatched / s.hosts;
  if (s.unmatched === 0 || share < threshold) return { share, flagged: false, explanation: null };
  const parts: string[] = [];
  const hosts = (n: number) => `${n} unknown host${n === 1 ? '' : 's'}`;
  if (s.shortOfInventory > 0 && s.shortExample !== null) {
    const suffix = s.shortExample.inventory.slice(s.shortExample.short.length);
    // The classic silent failure: the whole list is short names, so nothing in it matches.
    const classic = s.shortOfInventory === s.unmatched && share >= 0.5;
    parts.push(
      `${s.shortOfInventory === s.unmatched ? `all ${hosts(s.unmatched)} are` : `${s.shortOfInventory} of ${hosts(s.unmatched)} are`} short names of inventory hosts (${s.shortExample.short} vs ${s.shortExample.inventory})` +
        (classic ? ': a short-name list against an FQDN inventory matches nothing, so an EXCEPT with it removes nothing and an INTERSECT keeps nothing' : '') +
        `; set hosts.qualify: ${suffix} in breakfix.yaml (short names then get that suffix on import)`,
    );
  }
  if (s.ipLiterals > 0) {
    parts.push(
      s.inventoryHasIp
        ? `${hosts(s.ipLiterals)} ${s.ipLiterals === 1 ? 'is an IP address' : 'are IP addresses'} no inventory host has`
        : `${hosts(s.ipLiterals)} ${s.ipLiterals === 1 ? 'is an IP address' : 'are IP addresses'}, and the inventory has no ip column to map them through (add one)`,
    );
  }
  if (parts.length === 0) {
    parts.push(
      share === 1
        ? 'no host of this source is in the inventory: does it name hosts the way the inventory does (domain, case)? is it the right cluster or datacenter?'
        : 'hosts the inventory does not know: new or retired hosts, or a stale inventory dump',
    );
  }
  return { share, flagged: true, explanation: parts.join('; ') };
}

import { describe, expect, it } from 'vitest';
import { assessMatch, HIGH_UNMATCHED_SHARE, type MatchStats } from '../../src/ops/check-match.js';

const base: MatchStats = { hosts: 100, unmatched: 0, shortOfInventory: 0, shortExample: null, ipLiterals: 0, inventoryHasIp: true };

describe('how well a source matches the inventory', () => {
  it('is fine when every host is known, or only a few are not', () => {
    expect(assessMatch(base)).toEqual({ share: 0, flagged: false, explanation: null });
    expect(assessMatch({ ...base, unmatched: 9 })).toEqual({ share: 0.09, flagged: false, explanation: null });
    expect(HIGH_UNMATCHED_SHARE).toBe(0.1);
  });

  it('explains the classic silent failure: a short-name list against an FQDN inventory', () => {
    const v = assessMatch({ ...base, hosts: 3, unmatched: 3, shortOfInventory: 3, shortExample: { short: 'dn0002', inventory: 'dn0002.smf1.example.com' } });
    expect(v.share).toBe(1);
    expect(v.flagged).toBe(true);
    expect(v.explanation).toBe(
      'all 3 unknown hosts are short names of inventory hosts (dn0002 vs dn0002.smf1.example.com): a short-name list against an FQDN inventory matches nothing, ' +
        'so an EXCEPT with it removes nothing and an INTERSECT keeps nothing; set hosts.qualify: .smf1.example.com in breakfix.yaml (short names then get that suffix on import)',
    );
  });

  it('suggests hosts.qualify for some short names without calling it the classic failure', () => {
    const v = assessMatch({ ...base, hosts: 13, unmatched: 2, shortOfInventory: 1, shortExample: { short: 'dn0019', inventory: 'dn0019.smf1.example.com' } });
    expect(v.flagged).toBe(true);
    expect(v.explanation).toBe('1 of 2 unknown hosts are short names of inventory hosts (dn0019 vs dn0019.smf1.example.com); set hosts.qualify: .smf1.example.com in breakfix.yaml (short names then get that suffix on import)');
  });

  it('points at IP addresses, and at a missing ip column to map them', () => {
    expect(assessMatch({ ...base, hosts: 8, unmatched: 1, ipLiterals: 1 }).explanation).toBe('1 unknown host is an IP address no inventory host has');
    expect(assessMatch({ ...base, hosts: 8, unmatched: 2, ipLiterals: 2, inventoryHasIp: false }).explanation).toBe(
      '2 unknown hosts are IP addresses, and the inventory has no ip column to map them through (add one)',
    );
  });

  it('asks whether the source is the right one when none of its hosts is known', () => {
    expect(assessMatch({ ...base, hosts: 5, unmatched: 5 }).explanation).toMatch(/^no host of this source is in the inventory/);
    expect(assessMatch({ ...base, hosts: 5, unmatched: 1 }).explanation).toMatch(/^hosts the inventory does not know/);
  });

  it('does not divide by zero for a source with no hosts', () => {
    expect(assessMatch({ ...base, hosts: 0 })).toEqual({ share: 0, flagged: false, explanation: null });
  });
});

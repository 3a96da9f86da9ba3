import { describe, expect, it } from 'vitest';
import { formatGroups, groupKey, groupRefusal, groupsFull, groupsOf } from '../../src/policy/group-rule.js';

const rule = { column: 'data_group', maxGroups: 2 };

describe('the group rule', () => {
  it('lets new groups open up to max_groups, then only the groups out', () => {
    expect(groupRefusal(rule, new Set(), 'g1')).toBeNull();
    expect(groupRefusal(rule, new Set(['g1']), 'g2')).toBeNull();
    expect(groupRefusal(rule, new Set(['g1', 'g2']), 'g1')).toBeNull();
    expect(groupRefusal(rule, new Set(['g2', 'g1']), 'g3')).toBe('group limit: g3 would be a new group; g1, g2 already out (max_groups 2)');
  });

  it('lets hosts of any group out join when out already spans more than max_groups', () => {
    expect(groupRefusal({ ...rule, maxGroups: 1 }, new Set(['g1', 'g2']), 'g2')).toBeNull();
    expect(groupRefusal({ ...rule, maxGroups: 1 }, new Set(['g1', 'g2']), 'g3')).not.toBeNull();
  });

  it('never lets a host without a group in when the action has a group column', () => {
    expect(groupRefusal(rule, new Set(), null)).toBe('no data_group: a host without a replica group is never eligible');
    expect(groupRefusal(rule, new Set(), '')).toBe('no data_group: a host without a replica group is never eligible');
    expect(groupRefusal(rule, new Set(), '  ')).not.toBeNull();
  });

  it('is moot for an action without a group column', () => {
    expect(groupRefusal({ column: undefined, maxGroups: 1 }, new Set(['g1']), null)).toBeNull();
    expect(groupsFull({ column: undefined, maxGroups: 1 }, new Set(['g1']))).toBe(false);
  });

  it('does not count hosts without a group as a group', () => {
    expect(groupsOf([{ group: 'g1' }, { group: null }, { group: '' }, { group: 'g1' }])).toEqual(new Set(['g1']));
    expect(groupKey('')).toBeNull();
  });

  it('lists groups bytewise', () => {
    expect(formatGroups(['g2', 'G1', 'g10'])).toBe('G1, g10, g2');
  });
});

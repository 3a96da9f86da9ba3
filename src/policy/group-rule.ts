import { sortedBytewise } from '../util/bytewise.js';

/**
 * The replica-group rule (docs/design.md#the-replica-group-rule), shared by the planner and by the
 * re-check of an edited plan so both refuse exactly the same hosts:
 *
 *  - if the hosts out already span `maxGroups` groups, only candidates in
 *    those groups are eligible;
 *  - otherwise new groups may open, as picks are made, up to `maxGroups`;
 *  - a candidate with no group (null or empty) is never eligible when the
 *    action has a group column: its replicas could be anywhere;
 *  - an out host with no group counts against the budget but not as a group
 *    (there is nothing to compare it with).
 *
 * It can not be configured away: an action without a `group` column simply
 * has no groups to limit.
 */
export interface GroupRule {
  /** The action's group column (`data_group`); undefined = the action has none and the rule is moot. */
  readonly column: string | undefined;
  readonly maxGroups: number;
}

/** A group value as the rule sees it: null and empty (or blank) are "no group". */
export function groupKey(group: string | null | undefined): string | null {
  return group === null || group === undefined || group.trim() === '' ? null : group;
}

/** The distinct groups of some hosts (out hosts, picks), no-group hosts left out. */
export function groupsOf(hosts: Iterable<{ readonly group: string | null }>): Set<string> {
  const groups = new Set<string>();
  for (const h of hosts) {
    const g = groupKey(h.group);
    if (g !== null) groups.add(g);
  }
  return groups;
}

/**
 * Why a host of `group` may not be taken while `open` groups are out (or
 * opened by earlier picks), or null when it may. Pure: the caller adds the
 * group to its `open` set after taking the host.
 */
export function groupRefusal(rule: GroupRule, open: ReadonlySet<string>, group: string | null): string | null {
  if (rule.column === undefined) return null;
  const g = groupKey(group);
  if (g === null) return `no ${rule.column}: a host without a replica group is never eligible`;
  if (open.has(g) || open.size < rule.maxGroups) return null;
  return `group limit: ${g} would be a new group; ${formatGroups(open)} already out (max_groups ${rule.maxGroups})`;
}

/** True when no new group may open. */
export function groupsFull(rule: GroupRule, open: ReadonlySet<string>): boolean {
  return rule.column !== undefined && open.size >= rule.maxGroups;
}

/** `g1, g2`, sorted bytewise. */
export function formatGroups(groups: Iterable<string>): string {
  return sortedBytewise(groups).join(', ');
}

/**
 * The replica-group rule. If the hosts already out span `maxGroups` groups,
 * only candidates in those groups are eligible; otherwise new groups may open
 * as picks are made, up to `maxGroups`. A candidate with no group is never
 * eligible when the action has a group column (its group is unknown, so it
 * could be any). Out hosts with no group do not count as a group.
 */
export class GroupBudget {
  private readonly open: Set<string>;

  constructor(
    outGroups: Iterable<string | null>,
    private readonly maxGroups: number,
    private readonly enforced: boolean,
  ) {
    this.open = new Set([...outGroups].filter((g): g is string => g !== null));
  }

  /** Would taking a host of this group keep the rule? */
  allows(group: string | null): boolean {
    if (!this.enforced) return true;
    if (group === null) return false;
    return this.open.has(group) || this.open.size < this.maxGroups;
  }

  /** Record a pick (opening its group if new). Call only after `allows`. */
  take(group: string | null): void {
    if (this.enforced && group !== null) this.open.add(group);
  }

  /** Groups out or opened, sorted. */
  groups(): string[] {
    return [...this.open].sort(bytewise);
  }

  /** True when no new group may open. */
  full(): boolean {
    return this.enforced && this.open.size >= this.maxGroups;
  }
}

export function bytewise(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

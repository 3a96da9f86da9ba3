/**
 * A small synthetic fleet for pass-level tests: one inventory (hostname, ip,
 * cluster, role, rack, data_group, lifecycle), a `broken` host list, and a
 * config whose `fix` action runs a command per host or per plan.
 */
export interface FleetOptions {
  /** hosts per cluster */
  readonly clusters: Record<string, number>;
  readonly racks?: number;
  readonly groups?: number;
  /** hostnames listed as broken (the candidates) */
  readonly broken: readonly string[];
  /** the action's argv */
  readonly run: readonly string[];
  readonly extraAction?: string;
  readonly percent?: number;
  readonly invariants?: readonly string[];
  /** The fix action's timeout (default 1m) and concurrency (default 2). */
  readonly timeout?: string;
  readonly concurrency?: number;
  /** More YAML lines for the fix action (indented 4 spaces), and for the top level. */
  readonly actionLines?: string;
  readonly topLines?: string;
}

export function hostName(cluster: string, i: number): string {
  return `${cluster}-${String(i).padStart(4, '0')}.smf1.example.com`;
}

export function fleetFiles(o: FleetOptions): Record<string, string> {
  const racks = o.racks ?? 4;
  const groups = o.groups ?? 3;
  const lines: string[] = [];
  let ip = 1;
  for (const [cluster, n] of Object.entries(o.clusters)) {
    for (let i = 1; i <= n; i++) {
      lines.push([hostName(cluster, i), `10.0.${Math.floor(ip / 250)}.${ip % 250}`, cluster, 'hadoop-worker', `/smf1/r${(i % racks) + 1}`, `g${(i % groups) + 1}`, 'managed'].join('\t'));
      ip++;
    }
  }
  const config = `
sources:
  inventory:
    kind: inventory
    path: inputs/inventory.tsv
    columns: [hostname, ip, cluster, role, rack, data_group, lifecycle]
  broken:
    kind: hostlist
    path: inputs/broken
    allow_empty: true
policy:
  archetypes:
    default: { percent: ${o.percent ?? 6}, floor: 1 }
actions:
  fix:
    candidates: fix-candidates
    spread: rack
    group: data_group
    max_groups: 2
    invariants: [${(o.invariants ?? ['inputs-fresh']).join(', ')}]
    run: ${JSON.stringify(o.run)}
    timeout: ${o.timeout ?? '1m'}
    concurrency: ${o.concurrency ?? 2}
${o.actionLines ?? ''}
${o.extraAction ?? ''}
${o.topLines ?? ''}`;
  return {
    'breakfix.yaml': config,
    'inputs/inventory.tsv': lines.join('\n') + '\n',
    'inputs/broken': o.broken.join('\n') + '\n',
    'queries/fix-candidates.sql': `-- description: broken workers
SELECT i.hostname, i.cluster, i.rack, i.data_group
FROM inventory AS i JOIN broken AS b USING (hostname)
`,
  };
}

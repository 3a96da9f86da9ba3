import { bytesWithDesc, doublePercent, floatPercent, javaDate } from '../../src/sim/java-format.js';

/**
 * `hdfs dfsadmin -report` texts for pass-level tests, printed the way a 3.3
 * client prints them (the simulator's number and date formatting): a
 * summary with the given health, then one Live block per node (and a
 * Decommissioning one for nodes being drained).
 */
export interface ReportNode {
  readonly hostname: string;
  readonly ip: string;
  readonly rack: string;
  /** Bytes. */
  readonly capacity: number;
  readonly dfsUsed: number;
  readonly admin?: 'in-service' | 'decommissioning';
  readonly blocks?: number;
}

export interface ReportHealth {
  readonly safeMode?: boolean;
  readonly underReplicated?: number;
  readonly corrupt?: number;
  readonly missing?: number;
}

const NON_DFS = 68_719_476_736;

export function reportText(nodes: readonly ReportNode[], health: ReportHealth = {}, at = Date.UTC(2026, 10, 23) / 1000): string {
  let capacity = 0;
  let used = 0;
  let remaining = 0;
  for (const n of nodes) {
    if ((n.admin ?? 'in-service') !== 'in-service') continue;
    capacity += n.capacity;
    used += n.dfsUsed;
    remaining += n.capacity - n.dfsUsed - NON_DFS;
  }
  const lines = [
    ...(health.safeMode === true ? ['Safe mode is ON'] : []),
    `Configured Capacity: ${bytesWithDesc(capacity)}`,
    `Present Capacity: ${bytesWithDesc(used + remaining)}`,
    `DFS Remaining: ${bytesWithDesc(remaining)}`,
    `DFS Used: ${bytesWithDesc(used)}`,
    `DFS Used%: ${doublePercent(used + remaining === 0 ? 0 : used / (used + remaining))}`,
    'Replicated Blocks:',
    `\tUnder replicated blocks: ${health.underReplicated ?? 0}`,
    `\tBlocks with corrupt replicas: ${health.corrupt ?? 0}`,
    `\tMissing blocks: ${health.missing ?? 0}`,
    '\tMissing blocks (with replication factor 1): 0',
    '\tPending deletion blocks: 0',
    'Erasure Coded Block Groups: ',
    '\tLow redundancy block groups: 0',
    '\tBlock groups with corrupt internal blocks: 0',
    '\tMissing block groups: 0',
    '\tPending deletion blocks: 0',
    '',
    '-'.repeat(49),
  ];
  const block = (n: ReportNode): string[] => {
    const rem = n.capacity - n.dfsUsed - NON_DFS;
    return [
      `Name: ${n.ip}:9866 (${n.hostname})`,
      `Hostname: ${n.hostname}`,
      `Rack: ${n.rack}`,
      `Decommission Status : ${(n.admin ?? 'in-service') === 'in-service' ? 'Normal' : 'Decommission in progress'}`,
      `Configured Capacity: ${bytesWithDesc(n.capacity)}`,
      `DFS Used: ${bytesWithDesc(n.dfsUsed)}`,
      `Non DFS Used: ${bytesWithDesc(NON_DFS)}`,
      `DFS Remaining: ${bytesWithDesc(rem)}`,
      `DFS Used%: ${floatPercent(n.dfsUsed, n.capacity)}`,
      `DFS Remaining%: ${floatPercent(rem, n.capacity)}`,
      'Configured Cache Capacity: 0 (0 B)',
      'Cache Used: 0 (0 B)',
      'Cache Remaining: 0 (0 B)',
      'Cache Used%: 100.00%',
      'Cache Remaining%: 0.00%',
      'Xceivers: 8',
      `Last contact: ${javaDate(at - 1)}`,
      `Last Block Report: ${javaDate(at - 3600)}`,
      `Num of Blocks: ${n.blocks ?? Math.floor(n.dfsUsed / 134_217_728)}`,
      '',
      '',
    ];
  };
  lines.push(`Live datanodes (${nodes.length}):`, '');
  for (const n of nodes) lines.push(...block(n));
  const decom = nodes.filter((n) => n.admin === 'decommissioning');
  if (decom.length > 0) {
    lines.push(`Decommissioning datanodes (${decom.length}):`, '');
    for (const n of decom) lines.push(...block(n));
  }
  return lines.join('\n');
}

import type { Host, SimState } from './sim-state.js';

/**
 * The asset DB's wide dump: TSV, no header, `-` for an empty field, one host
 * per line sorted by hostname. Columns, in order: hostname, ip, cluster, role,
 * rack, data_group, lifecycle, service_ticket, hadoop_exclude, puppet_branch,
 * kernel (the example config's `columns:` must list them in this order).
 */
export const INVENTORY_COLUMNS = [
  'hostname', 'ip', 'cluster', 'role', 'rack', 'data_group', 'lifecycle', 'service_ticket', 'hadoop_exclude', 'puppet_branch', 'kernel',
] as const;

export const INVENTORY_NULL = '-';

export function renderInventory(state: SimState): string {
  return state.hosts.map(inventoryLine).join('');
}

/** One host's line, with its newline. */
export function inventoryLine(h: Host): string {
  const fields = [
    h.hostname, h.ip, h.cluster, h.role, h.rack, h.dataGroup, h.lifecycle, h.serviceTicket, h.hadoopExclude ? 'true' : '', h.puppetBranch, h.kernel,
  ];
  return `${fields.map((f) => (f === '' ? INVENTORY_NULL : f)).join('\t')}\n`;
}

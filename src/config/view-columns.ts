import type { ActionConfig } from './schema.js';

/**
 * The columns planning reads from each view the config names: the planner
 * requires them (src/pass/gather.ts) and `breakfix check` checks every named
 * view has them, from this one list, so the two cannot disagree.
 */
export const VIEW_COLUMNS = {
  /** hostname, cluster, and the action's spread and group columns when it has them. */
  candidates: (action: Pick<ActionConfig, 'spread' | 'group'>): string[] => [
    'hostname',
    'cluster',
    ...(action.spread ? [action.spread] : []),
    ...(action.group ? [action.group] : []),
  ],
  in_progress: ['hostname', 'cluster'],
  population: ['hostname', 'cluster'],
  deny: ['hostname'],
  classify: ['cluster', 'archetype'],
} as const;

import type { SimState } from './sim-state.js';

/**
 * A deep copy for the pure operations: they copy, change the copy and return
 * it, so a caller's state is never modified. The state is plain JSON data.
 */
export function cloneState(state: SimState): SimState {
  return structuredClone(state);
}

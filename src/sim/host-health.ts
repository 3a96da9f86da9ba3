import type { Host } from './sim-state.js';

/**
 * What the outside world can observe of a host, derived from its state. The
 * renderers and the status counts use these, so "broken" means one thing.
 */

/** Answers ping: the `responsive` host list. */
export function isResponsive(h: Host): boolean {
  return h.down === null;
}

/** Prometheus scrapes it at all: retired hosts were removed from service discovery. */
export function isScraped(h: Host): boolean {
  return h.lifecycle !== 'retired';
}

/** The `up` sample: the scrape of node_exporter succeeded. */
export function isUp(h: Host): boolean {
  return h.down === null && !h.exporterDown;
}

/** Being reinstalled right now (an action in flight, not a fault). */
export function isRekicking(h: Host): boolean {
  return h.rekick !== null;
}

/**
 * Broken: a host in service life (not retired) with any fault an operator
 * would act on — down, not scraped, puppet failing, disk errors. A host in the
 * middle of a rekick is not broken; it is out by an action.
 */
export function isBroken(h: Host): boolean {
  if (h.lifecycle === 'retired' || h.rekick !== null) return false;
  return h.down !== null || h.exporterDown || !h.puppetOk || h.diskFault;
}

/** The faults of a host, for status output and tests: `down:crash`, `puppet`, `disk`, `exporter`. */
export function faultsOf(h: Host): string[] {
  const out: string[] = [];
  if (h.down !== null) out.push(`down:${h.down}`);
  if (h.exporterDown) out.push('exporter');
  if (!h.puppetOk) out.push('puppet');
  if (h.diskFault) out.push('disk');
  return out;
}

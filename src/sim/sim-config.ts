/**
 * The simulator's tunables, stored in the state file so a replay uses the
 * values the run started with. Rates are per host per tick. The defaults give
 * a 3,000-host fleet a few dozen new faults per 100 ticks while only a few
 * heal by themselves, so without an operator the broken count grows.
 */
export interface FaultRates {
  /** A host crashes: powered but dead (HDFS dead, `up` 0, no ping, YARN LOST). Default 5e-5. */
  readonly crash: number;
  /** A crashed host comes back by itself (reboot). Default 0.004. */
  readonly crashRecover: number;
  /** Puppet starts failing. Default 5e-5 (five times that on feature branches). */
  readonly puppetFail: number;
  /** A failing puppet run passes again without help. Default 0.003. */
  readonly puppetRecover: number;
  /** A disk starts logging I/O errors (YARN UNHEALTHY). Default 4e-5. */
  readonly diskFault: number;
  /** A disk fault clears by itself (a false alarm). Default 0.001. */
  readonly diskRecover: number;
  /** node_exporter stops answering while the host still pings (`up` 0). Default 1e-5. */
  readonly exporterDown: number;
  /** node_exporter comes back. Default 0.05. */
  readonly exporterRecover: number;
}

export interface SimConfig {
  /** Seconds of sim time per tick. Default 600 (10 minutes). */
  readonly tickSeconds: number;
  readonly rates: FaultRates;
  /** A rekick that ends with the host still dead. Default 0.1. */
  readonly rekickFailProbability: number;
  /** An action command that exits non-zero and changes nothing. Default 0. */
  readonly actionFailProbability: number;
  /** Ticks a rekick keeps a host down, inclusive range. Default [2, 4]. */
  readonly rekickTicks: readonly [number, number];
  /** Ticks YARN keeps a node DECOMMISSIONING while containers finish. Default 1. */
  readonly yarnDecommissionTicks: number;
}

export const DEFAULT_RATES: FaultRates = {
  crash: 5e-5,
  crashRecover: 0.004,
  puppetFail: 5e-5,
  puppetRecover: 0.003,
  diskFault: 4e-5,
  diskRecover: 0.001,
  exporterDown: 1e-5,
  exporterRecover: 0.05,
};

export const DEFAULT_SIM_CONFIG: SimConfig = {
  tickSeconds: 600,
  rates: DEFAULT_RATES,
  rekickFailProbability: 0.1,
  actionFailProbability: 0,
  rekickTicks: [2, 4],
  yarnDecommissionTicks: 1,
};

/** A partial config as given on the command line or in a JSON file. */
export interface SimConfigPatch {
  readonly tickSeconds?: number;
  readonly rates?: Partial<FaultRates>;
  /** Multiplies every onset rate (crash, puppetFail, diskFault, exporterDown). */
  readonly faultScale?: number;
  readonly rekickFailProbability?: number;
  readonly actionFailProbability?: number;
  readonly rekickTicks?: readonly [number, number];
  readonly yarnDecommissionTicks?: number;
}

/** Apply a patch; throws with the offending key if a value is out of range. */
export function applyConfigPatch(base: SimConfig, patch: SimConfigPatch): SimConfig {
  let rates: FaultRates = { ...base.rates, ...definedOnly(patch.rates ?? {}) };
  if (patch.faultScale !== undefined) {
    const k = patch.faultScale;
    checkRange('faultScale', k, 0, 1e6);
    rates = { ...rates, crash: rates.crash * k, puppetFail: rates.puppetFail * k, diskFault: rates.diskFault * k, exporterDown: rates.exporterDown * k };
  }
  const next: SimConfig = {
    tickSeconds: patch.tickSeconds ?? base.tickSeconds,
    rates,
    rekickFailProbability: patch.rekickFailProbability ?? base.rekickFailProbability,
    actionFailProbability: patch.actionFailProbability ?? base.actionFailProbability,
    rekickTicks: patch.rekickTicks ?? base.rekickTicks,
    yarnDecommissionTicks: patch.yarnDecommissionTicks ?? base.yarnDecommissionTicks,
  };
  checkConfig(next);
  return next;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkRange(key: string, v: number, lo: number, hi: number): void {
  if (!Number.isFinite(v) || v < lo || v > hi) throw new RangeError(`${key}: expected a number from ${lo} to ${hi}, got ${v}`);
}

export function checkConfig(c: SimConfig): void {
  checkRange('tickSeconds', c.tickSeconds, 1, 7 * 86400);
  if (!Number.isInteger(c.tickSeconds)) throw new RangeError(`tickSeconds: expected whole seconds, got ${c.tickSeconds}`);
  for (const [k, v] of Object.entries(c.rates)) checkRange(`rates.${k}`, v as number, 0, 1);
  checkRange('rekickFailProbability', c.rekickFailProbability, 0, 1);
  checkRange('actionFailProbability', c.actionFailProbability, 0, 1);
  const [lo, hi] = c.rekickTicks;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
    throw new RangeError(`rekickTicks: expected [min, max] whole ticks with 1 <= min <= max, got [${lo}, ${hi}]`);
  }
  if (!Number.isInteger(c.yarnDecommissionTicks) || c.yarnDecommissionTicks < 0) {
    throw new RangeError(`yarnDecommissionTicks: expected a whole number >= 0, got ${c.yarnDecommissionTicks}`);
  }
}

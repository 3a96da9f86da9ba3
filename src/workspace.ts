import { compareBytewise } from './util/bytewise.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './errors.js';

/** File and directory names inside a workspace (docs/design.md#workspace-layout). Constants, never rebuilt by hand. */
export const LAYOUT = {
  runs: 'runs',
  lock: '.lock',
  pause: 'pause.json',
  db: 'state.db',
  manifest: 'manifest.json',
  inputs: 'inputs',
  plan: 'plan',
  transcript: 'transcript.log',
  queries: 'queries',
} as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day (YYYY-MM-DD) that `at` falls on in `timeZone`. */
export function dayIn(timeZone: string, at: Date): string {
  // UTC, the default, needs no time zone data: loading ICU's costs ~25 ms of every command.
  if (isUtc(timeZone)) return at.toISOString().slice(0, 10);
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Names of UTC itself (what Intl resolves them to), which need no time zone data. */
export function isUtc(timeZone: string): boolean {
  return timeZone === 'UTC' || timeZone === 'Etc/UTC';
}

/** The day before/after `day` (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Resolve `--day` (`today`, `yesterday`, `YYYY-MM-DD`) against the workspace's time zone. */
export function resolveDay(spec: string | undefined, timeZone: string, now: Date): string {
  const today = dayIn(timeZone, now);
  if (spec === undefined || spec === 'today') return today;
  if (spec === 'yesterday') return addDays(today, -1);
  if (DAY.test(spec) && !Number.isNaN(Date.parse(`${spec}T00:00:00Z`)) && addDays(spec, 0) === spec) return spec;
  throw new UsageError(`--day: expected YYYY-MM-DD, "today" or "yesterday", got "${spec}"`);
}

/** Paths of one workspace and one of its days. */
export class Workspace {
  constructor(
    readonly dir: string,
    readonly day: string,
  ) {}

  get runsDir(): string {
    return join(this.dir, LAYOUT.runs);
  }
  get lockFile(): string {
    return join(this.runsDir, LAYOUT.lock);
  }
  get pauseFile(): string {
    return join(this.runsDir, LAYOUT.pause);
  }
  get queriesDir(): string {
    return join(this.dir, LAYOUT.queries);
  }
  get dayDir(): string {
    return this.dayDirOf(this.day);
  }
  dayDirOf(day: string): string {
    return join(this.runsDir, day);
  }
  get dbFile(): string {
    return join(this.dayDir, LAYOUT.db);
  }
  dbFileOf(day: string): string {
    return join(this.dayDirOf(day), LAYOUT.db);
  }
  get manifestFile(): string {
    return join(this.dayDir, LAYOUT.manifest);
  }
  get inputsDir(): string {
    return join(this.dayDir, LAYOUT.inputs);
  }
  get planDir(): string {
    return join(this.dayDir, LAYOUT.plan);
  }
  get transcriptFile(): string {
    return join(this.dayDir, LAYOUT.transcript);
  }
  /** The exported text table of a view, in this day's directory. */
  viewFile(view: string, day = this.day): string {
    return join(this.dayDirOf(day), view);
  }

  /** Days that have a run directory, oldest first. */
  days(): string[] {
    try {
      return readdirSync(this.runsDir)
        .filter((d) => DAY.test(d))
        .sort(compareBytewise);
    } catch {
      return [];
    }
  }

  withDay(day: string): Workspace {
    return new Workspace(this.dir, day);
  }
}

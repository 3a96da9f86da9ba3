/**
 * Where a pass is killed. The harness watches the day's transcript (which a
 * pass appends to as each step finishes), waits for the marker line that
 * opens the target phase, waits a random delay within how long that phase
 * took in the last complete pass, and sends SIGKILL. Where the kill actually
 * landed is read back from the transcript afterwards (`phaseReached`), so
 * the figures report where kills landed, not where they were aimed.
 */

export const PHASES = ['import', 'views', 'export', 'plan', 'action command'] as const;
export type Phase = (typeof PHASES)[number];
/** Where a kill landed: a phase, between action commands, or after the summary (the pass had finished its work). */
export type Landed = Phase | 'between actions' | 'after the summary';

export interface TranscriptLine {
  readonly atMs: number;
  readonly topic: string;
  readonly text: string;
}

/** `2026-11-23T01:00:00.281Z import inventory: ...` → its parts; continuation lines (`    | ...`) → undefined. */
export function parseTranscriptLine(line: string): TranscriptLine | undefined {
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (\S+) (.*)$/.exec(line);
  if (m === null) return undefined;
  return { atMs: Date.parse(m[1]!), topic: m[2]!, text: m[3]! };
}

/** The lines of the pass run by `pid`, from its "started" line on (empty until it has started). */
export function linesOfPass(transcript: string, pid: number): TranscriptLine[] {
  const lines = transcript.split('\n').map(parseTranscriptLine).filter((l): l is TranscriptLine => l !== undefined);
  const start = lines.findIndex((l) => l.topic === 'pass' && new RegExp(`^pass \\d+ started \\(pid ${pid},`).test(l.text));
  return start === -1 ? [] : lines.slice(start);
}

/** One line per source imported (a command source also logs its start and exit: not counted). */
const isImport = (l: TranscriptLine) => l.topic === 'import' && !/^\S+: (running|exit) /.test(l.text);
const isViews = (l: TranscriptLine) => l.topic === 'views';
const isExport = (l: TranscriptLine) => l.topic === 'export';
// `act drain run ARGV` when a command starts, `act drain exit 0 after 569ms: ARGV` when it ends.
const isActRun = (l: TranscriptLine) => l.topic === 'act' && l.text.split(' ')[1] === 'run';
const isActEnd = (l: TranscriptLine) => l.topic === 'act' && l.text.split(' ')[1] === 'exit';
const isSummary = (l: TranscriptLine) => l.topic === 'summary';

/**
 * Has the target phase begun? `sources` is how many import lines a pass
 * writes (one per source), so "views" begins after the last of them.
 */
export function phaseBegun(phase: Phase, lines: readonly TranscriptLine[], sources: number): boolean {
  switch (phase) {
    case 'import':
      return lines.length > 0;
    case 'views':
      return lines.filter(isImport).length >= sources;
    case 'export':
      return lines.some(isViews);
    case 'plan':
      return lines.some(isExport);
    case 'action command':
      return lines.some(isActRun);
  }
}

/** Where the pass was when it died, from its transcript lines. */
export function phaseReached(lines: readonly TranscriptLine[], sources: number): Landed {
  if (lines.some(isSummary)) return 'after the summary';
  const runs = lines.filter(isActRun).length;
  if (runs > 0) return runs > lines.filter(isActEnd).length ? 'action command' : 'between actions';
  if (lines.some(isExport)) return 'plan';
  if (lines.some(isViews)) return 'export';
  if (lines.filter(isImport).length >= sources) return 'views';
  return 'import';
}

/** How long each phase took in a complete pass (ms), to aim the next kills within it. */
export function phaseDurations(lines: readonly TranscriptLine[], sources: number): Record<Phase, number> {
  const t = (pred: (l: TranscriptLine) => boolean) => lines.find(pred)?.atMs;
  const start = lines[0]?.atMs ?? 0;
  const imports = lines.filter(isImport);
  const lastImport = sources > 0 && imports.length >= sources ? imports[sources - 1]!.atMs : undefined;
  const views = t(isViews);
  const exported = t(isExport);
  const firstRun = t(isActRun);
  const firstEnd = t(isActEnd);
  const summary = t(isSummary);
  const span = (a: number | undefined, b: number | undefined, fallback: number) => (a !== undefined && b !== undefined && b > a ? b - a : fallback);
  return {
    import: span(start, lastImport, 500),
    views: span(lastImport, views, 20),
    export: span(views, exported, 200),
    plan: span(exported, firstRun ?? summary, 20),
    'action command': span(firstRun, firstEnd, 300),
  };
}

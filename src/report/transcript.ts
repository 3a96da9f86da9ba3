/**
 * What the report takes from runs/DAY/transcript.log that the stored pass
 * summaries do not hold: each action command a pass ran, its exit and how
 * long it took, and the first lines it printed. Pure: the caller reads the
 * file (src/util/transcript.ts writes it).
 */

export interface CommandRun {
  readonly action: string;
  /** The command line as the transcript shows it (argv quoted for a shell reader; never run through one). */
  readonly command: string;
  /** What it was run for: `14 hosts in .../plan/rekick.hosts` or a hostname. */
  readonly what: string;
  /** `0`, `1`, `SIGKILL`, a spawn error; null when the transcript ends before it (the process died). */
  readonly exit: string | null;
  readonly durationMs: number | null;
  /** The first lines it printed (`!` marks stderr). */
  readonly output: readonly string[];
  /** Every line it printed, counted. */
  readonly outputLines: number;
}

export interface TranscriptPass {
  readonly pass: number;
  /** The first `runsKept` commands of each action (per-host actions can run thousands). */
  readonly runs: readonly CommandRun[];
  /** Commands run beyond those kept, per action. */
  readonly moreRuns: Readonly<Record<string, number>>;
  /** Other act-step lines: hosts not acted on, missing plans, what a paused or dry pass would have run. */
  readonly notes: readonly { readonly action: string; readonly text: string }[];
}

export interface TranscriptLimits {
  readonly runsKept: number;
  readonly outputKept: number;
}

const LINE = /^\d{4}-\d\d-\d\dT[\d:.]+Z (\S+) (.*)$/;
const PASS_START = /^pass (\d+) started /;
const RUN = /^run (.*)  \((.*)\)$/;
const EXIT = /^exit (\S+) after (\d+)ms: /;

/** Split the transcript into passes and pick out their action steps. Lines outside a pass (breakfix import, act) are skipped. */
export function parseTranscript(text: string, limits: TranscriptLimits = { runsKept: 20, outputKept: 5 }): TranscriptPass[] {
  const passes: { pass: number; runs: MutableRun[]; moreRuns: Record<string, number>; notes: { action: string; text: string }[] }[] = [];
  let current: (typeof passes)[number] | undefined;
  let open: MutableRun[] = [];
  let lastStep = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('    | ') || line.startsWith('    ! ')) {
      // Output belongs to the last command of the step that printed before it.
      const run = open[open.length - 1];
      if (run !== undefined) {
        run.outputLines++;
        if (run.output.length < limits.outputKept) run.output.push(`${line[4] === '!' ? '! ' : ''}${line.slice(6)}`);
      }
      continue;
    }
    const m = LINE.exec(line);
    if (m === null) continue;
    const [step, message] = splitStep(m[1]!, m[2]!);
    if (step === 'pass') {
      const start = PASS_START.exec(message);
      if (start !== null) {
        current = { pass: Number(start[1]), runs: [], moreRuns: {}, notes: [] };
        passes.push(current);
        open = [];
        continue;
      }
    } else if (message.startsWith('breakfix ')) {
      // `breakfix act` and `breakfix import` write here too, between passes.
      current = undefined;
    }
    if (current === undefined || !step.startsWith('act ')) {
      lastStep = step;
      continue;
    }
    const action = step.slice('act '.length);
    if (lastStep !== step) open = [];
    lastStep = step;
    const run = RUN.exec(message);
    if (run !== null) {
      const r: MutableRun = { action, command: run[1]!, what: run[2]!, exit: null, durationMs: null, output: [], outputLines: 0 };
      open.push(r);
      const kept = current.runs.filter((x) => x.action === action).length;
      if (kept < limits.runsKept) current.runs.push(r);
      else current.moreRuns[action] = (current.moreRuns[action] ?? 0) + 1;
      continue;
    }
    const exit = EXIT.exec(message);
    if (exit !== null) {
      const command = message.slice(exit[0].length);
      // Per-host commands may run concurrently: the exit names the command it ends.
      const r = open.find((x) => x.exit === null && x.command === command) ?? open.find((x) => x.exit === null);
      if (r !== undefined) {
        r.exit = exit[1]!;
        r.durationMs = Number(exit[2]);
      }
      continue;
    }
    current.notes.push({ action, text: message });
  }
  return passes;
}

/** `act NAME message` is the step of an action (`act breakfix act ...` is the act command's own start). */
function splitStep(first: string, rest: string): [string, string] {
  if (first !== 'act' || rest.startsWith('breakfix act')) return [first, rest];
  const space = rest.indexOf(' ');
  return space < 0 ? [first, rest] : [`act ${rest.slice(0, space)}`, rest.slice(space + 1)];
}

interface MutableRun {
  action: string;
  command: string;
  what: string;
  exit: string | null;
  durationMs: number | null;
  output: string[];
  outputLines: number;
}

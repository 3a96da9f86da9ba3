/**
 * The intervals the workspace's commands log (see workspace.ts): each line
 * `start|end <breakfix pid> <time ns> <what> <pass or ->`. Times are
 * nanoseconds since the epoch, as bigints (they do not fit a double).
 */
export interface CommandInterval {
  readonly pid: number;
  readonly what: string;
  /** BREAKFIX_PASS for actions, null for imports (a source command is not told its pass). */
  readonly pass: number | null;
  readonly startNs: bigint;
  readonly endNs: bigint;
}

/** Everything one breakfix process ran, from its first command's start to its last command's end. */
export interface Span {
  readonly pid: number;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly commands: readonly CommandInterval[];
}

const LINE = /^(start|end) (\d+) (\d+) (\S+) (\S+)$/;

/** Pair start and end lines per (pid, command); a line that does not parse or pair is a problem. */
export function parseIntervals(text: string): { intervals: CommandInterval[]; problems: string[] } {
  const open = new Map<string, { startNs: bigint; pass: string }>();
  const intervals: CommandInterval[] = [];
  const problems: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) {
      problems.push(`unparsable interval line ${JSON.stringify(line)}`);
      continue;
    }
    const [, kind, pid, ns, what, pass] = m as unknown as [string, 'start' | 'end', string, string, string, string];
    const key = `${pid} ${what}`;
    if (kind === 'start') {
      if (open.has(key)) problems.push(`pid ${pid} started ${what} twice at once`);
      open.set(key, { startNs: BigInt(ns), pass });
      continue;
    }
    const started = open.get(key);
    if (!started) {
      problems.push(`pid ${pid} ended ${what} without starting it`);
      continue;
    }
    open.delete(key);
    intervals.push({ pid: Number(pid), what, pass: started.pass === '-' ? null : Number(started.pass), startNs: started.startNs, endNs: BigInt(ns) });
  }
  for (const key of open.keys()) problems.push(`${key}: started, never ended`);
  return { intervals, problems };
}

/** One span per breakfix process, ordered by start. */
export function spansOf(intervals: readonly CommandInterval[]): Span[] {
  const byPid = new Map<number, CommandInterval[]>();
  for (const i of intervals) byPid.set(i.pid, [...(byPid.get(i.pid) ?? []), i]);
  return [...byPid.entries()]
    .map(([pid, commands]) => ({
      pid,
      startNs: commands.reduce((m, c) => (c.startNs < m ? c.startNs : m), commands[0]!.startNs),
      endNs: commands.reduce((m, c) => (c.endNs > m ? c.endNs : m), commands[0]!.endNs),
      commands,
    }))
    .sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
}

/**
 * Pairs of processes whose spans overlap: two processes importing or acting
 * at once. Spans of one lock holder are one interval (import to act), so an
 * overlap is a second process inside the first one's locked part.
 */
export function overlappingSpans(spans: readonly Span[]): [Span, Span][] {
  const out: [Span, Span][] = [];
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i]!;
      const b = spans[j]!;
      if (a.startNs < b.endNs && b.startNs < a.endNs) out.push([a, b]);
    }
  }
  return out;
}

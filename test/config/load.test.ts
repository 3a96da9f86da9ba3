import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { STARTER_CONFIG } from '../../src/config/starter.js';

const FILE = '/ws/breakfix.yaml';

function problems(text: string): string[] {
  try {
    parseConfig(text, FILE);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('loads the starter config that `breakfix init` writes', () => {
    const cfg = parseConfig(STARTER_CONFIG, FILE);
    expect(cfg.sources.map((s) => s.name)).toEqual(['inventory', 'excluded']);
    expect(cfg.actions.map((a) => a.name)).toEqual(['drain']);
    expect(cfg.actions[0]).toMatchObject({ timeout: 600, max_groups: 1, concurrency: 1 });
    expect(cfg.hosts).toEqual({ lowercase: true, stripPort: true, qualify: undefined, inventory: 'inventory' });
  });

  it('applies defaults to an empty config', () => {
    const cfg = parseConfig('', FILE);
    expect(cfg.timezone).toBe('UTC');
    expect(cfg.policy.archetypes).toEqual({ default: { percent: 6, floor: 1 } });
    expect(cfg.policy.thresholds).toEqual({ shrink_percent: 10, candidates_percent: 25 });
  });

  it('names the key path, the line, what was expected and what was found for a wrong kind', () => {
    expect(problems('sources:\n  hdfs:\n    kind: hfds\n    path: x\n')).toEqual([
      '/ws/breakfix.yaml:3: sources.hdfs.kind: expected one of inventory, hostlist, table, metrics, hdfs-report, hdfs-jmx, hdfs-hosts, yarn-nodes, yarn-rest, got "hfds"',
    ]);
  });

  it('reports an unknown key at its own line', () => {
    expect(problems('timezone: UTC\nsources:\n  ex:\n    kind: hostlist\n    path: x\n    allow_emtpy: true\n')).toEqual([
      '/ws/breakfix.yaml:6: sources.ex: unknown key "allow_emtpy" (misspelled?)',
    ]);
  });

  it('reports wrong types with what was found', () => {
    expect(problems('policy:\n  archetypes:\n    default: { percent: "six" }\n')).toEqual([
      '/ws/breakfix.yaml:3: policy.archetypes.default.percent: expected number, got "six"',
    ]);
  });

  it('requires either path or command, not both', () => {
    expect(problems('sources:\n  a: { kind: hostlist }\n  b: { kind: hostlist, path: x, command: [y] }\n')).toEqual([
      '/ws/breakfix.yaml:2: sources.a: expected path: or command:, got neither',
      '/ws/breakfix.yaml:3: sources.b: expected path: or command:, got both',
    ]);
  });

  it('requires a reason for every override', () => {
    expect(problems('policy:\n  overrides:\n    - { cluster: c, max: 1, reason: "" }\n')).toEqual([
      '/ws/breakfix.yaml:3: policy.overrides[0].reason: expected a reason: why this cluster gets its own limit, got ""',
    ]);
  });

  it('rejects a bad duration, time zone and invariant name', () => {
    const p = problems(
      'timezone: Mars/Olympus\nactions:\n  drain:\n    candidates: c\n    run: [x]\n    timeout: soon\n    invariants: [inputs-stale]\n',
    );
    expect(p[0]).toBe('/ws/breakfix.yaml:1: timezone: expected an IANA time zone like "UTC" or "America/Los_Angeles", got "Mars/Olympus"');
    expect(problems('actions:\n  drain:\n    candidates: c\n    run: [x, "{host}"]\n    timeout: soon\n    invariants: [inputs-stale]\n')).toEqual([
      '/ws/breakfix.yaml:5: actions.drain.timeout: expected a duration like "90s", "10m" or "2h", got "soon"',
      '/ws/breakfix.yaml:6: actions.drain.invariants[0]: expected one of inputs-fresh, inputs-not-shrunk, candidates-sane, hdfs-decommissioned, hdfs-in-service, yarn-not-running, got "inputs-stale"',
    ]);
  });

  it('refuses an action that uses both {host} and {hosts_file}', () => {
    expect(problems('actions:\n  a:\n    candidates: c\n    run: [x, "{host}", "{hosts_file}"]\n')).toEqual([
      '/ws/breakfix.yaml:4: actions.a.run: expected {hosts_file} (one command per plan) or {host} (one per host), got both',
    ]);
  });

  it('reports invalid YAML with line and column', () => {
    expect(problems('sources:\n  a: [unclosed\n')[0]).toMatch(/^\/ws\/breakfix\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('rejects a source name that is not a file-safe identifier', () => {
    expect(problems('sources:\n  "../etc": { kind: hostlist, path: x }\n')[0]).toMatch(
      /^\/ws\/breakfix.yaml:2: sources.\.\.\/etc: "\.\.\/etc" is not a valid name: expected a source name of lower-case letters, digits and single dashes/,
    );
  });

  const RESERVED_LIST = '(reserved: inputs, lock, manifest, pause, plan, queries, report, runs, state, transcript)';

  it.each([
    ['plan', 'runs/DAY/plan/'],
    ['inputs', 'runs/DAY/inputs/'],
    ['state', 'runs/DAY/state.db'],
    ['manifest', 'runs/DAY/manifest.json'],
    ['transcript', 'runs/DAY/transcript.log'],
    ['report', 'runs/DAY/report.html'],
  ])('refuses a source, action or view named %s, after the %s breakfix writes', (reserved, file) => {
    const why = `"${reserved}" is reserved: breakfix's own ${file} has that name ${RESERVED_LIST}`;
    expect(problems(`sources:\n  ${reserved}: { kind: hostlist, path: x }\n`)).toEqual([`/ws/breakfix.yaml:2: sources.${reserved}: "${reserved}" is not a valid name: ${why}`]);
    expect(problems(`actions:\n  ${reserved}: { candidates: a, run: [x, "{host}"] }\n`)).toEqual([`/ws/breakfix.yaml:2: actions.${reserved}: "${reserved}" is not a valid name: ${why}`]);
    expect(problems(`actions:\n  drain: { candidates: ${reserved}, run: [x, "{host}"] }\n`)).toEqual([`/ws/breakfix.yaml:2: actions.drain.candidates: ${why}, got "${reserved}"`]);
    expect(problems(`policy:\n  classify: ${reserved}\n`)).toEqual([`/ws/breakfix.yaml:2: policy.classify: ${why}, got "${reserved}"`]);
  });

  it('caps names at 64 characters', () => {
    const long = `a${'-b'.repeat(32)}`;
    expect(long.length).toBe(65);
    expect(problems(`sources:\n  ${long}: { kind: hostlist, path: x }\n`)).toEqual([
      `/ws/breakfix.yaml:2: sources.${long}: "${long}" is not a valid name: a source name is at most 64 characters long, got 65`,
    ]);
    expect(problems(`actions:\n  d: { candidates: ${long}, run: [x, "{host}"] }\n`)).toEqual([
      `/ws/breakfix.yaml:2: actions.d.candidates: a view name is at most 64 characters long, got 65, got "${long}"`,
    ]);
    expect(() => parseConfig(`sources:\n  ${`${long.slice(0, 63)}c`}: { kind: hostlist, path: x }\n`, FILE)).not.toThrow();
  });

  it('requires the inventory to name its columns or have a header', () => {
    expect(problems('sources:\n  inv: { kind: inventory, path: x }\n')).toEqual([
      '/ws/breakfix.yaml:2: sources.inv: expected header: true or columns: [...], got neither (which column is which?)',
    ]);
  });

  it('keeps actions in config order', () => {
    const cfg = parseConfig('actions:\n  zeta: { candidates: a, run: [x, "{host}"] }\n  alpha: { candidates: b, run: [y, "{hosts_file}"] }\n', FILE);
    expect(cfg.actions.map((a) => a.name)).toEqual(['zeta', 'alpha']);
  });
});

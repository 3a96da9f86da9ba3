import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
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
    expect(cfg.sources.map((s) => s.name)).toEqual(['inventory', 'excluded', 'hdfs-dwh']);
    expect(cfg.actions.map((a) => a.name)).toEqual(['drain']);
    expect(cfg.actions[0]).toMatchObject({ timeout: 600, max_groups: 1, concurrency: 1 });
    // The health gate is on by default for the drain, and the hdfs: section spells out its defaults.
    expect(cfg.actions[0]!.invariants).toEqual(expect.arrayContaining(['hdfs-healthy', 'hdfs-capacity']));
    expect(cfg.hdfs).toEqual({ max_age: 3600, max_under_replicated_percent: 10, replication: 3, spare: 0, min_free_percent: 10, stuck_passes: 3, clusters: {} });
    expect(cfg.hosts).toEqual({ lowercase: true, stripPort: true, qualify: undefined, inventory: 'inventory' });
  });

  it('applies defaults to an empty config', () => {
    const cfg = parseConfig('', FILE);
    expect(cfg.timezone).toBe('UTC');
    expect(cfg.policy.archetypes).toEqual({ default: { percent: 6, floor: 1 } });
    expect(cfg.policy.thresholds).toEqual({ shrink_percent: 10, candidates_percent: 25 });
    expect(cfg.hdfs).toEqual({ clusters: {} });
  });

  it('reads the hdfs: limits, per cluster too, and names a bad one with its line', () => {
    const cfg = parseConfig('hdfs:\n  max_age: 30m\n  max_under_replicated: 1000\n  clusters:\n    archive: { replication: 2, min_free_percent: 5 }\n', FILE);
    expect(cfg.hdfs).toEqual({ max_age: 1800, max_under_replicated: 1000, clusters: { archive: { replication: 2, min_free_percent: 5 } } });
    expect(problems('hdfs:\n  replication: 0\n  clusters:\n    dwh: { spare: -1, min_free: 5 }\n')).toEqual([
      '/ws/breakfix.yaml:2: hdfs.replication: expected number to be >=1, got number 0',
      '/ws/breakfix.yaml:4: hdfs.clusters.dwh.spare: expected number to be >=0, got number -1',
      '/ws/breakfix.yaml:4: hdfs.clusters.dwh: unknown key "min_free" (misspelled?)',
    ]);
    expect(problems('hdfs:\n  min_free_percent: 120\n')).toEqual(['/ws/breakfix.yaml:2: hdfs.min_free_percent: expected number to be <=100, got number 120']);
  });

  it('reads datanodes: false on an hdfs-jmx source (health only)', () => {
    const cfg = parseConfig('sources:\n  jmx: { kind: hdfs-jmx, cluster: dwh, path: x, datanodes: false }\n  jmx2: { kind: hdfs-jmx, cluster: dwh, path: y }\n', FILE);
    expect(cfg.sources.map((s) => (s.kind === 'hdfs-jmx' ? s.datanodes : undefined))).toEqual([false, true]);
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
      '/ws/breakfix.yaml:6: actions.drain.invariants[0]: expected one of inputs-fresh, inputs-not-shrunk, candidates-sane, hdfs-healthy, hdfs-capacity, hdfs-decommissioned, hdfs-in-service, yarn-not-running, got "inputs-stale"',
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
    const longest = `${long.slice(0, 63)}c`;
    expect(longest.length).toBe(64);
    expect(parseConfig(`sources:\n  ${longest}: { kind: hostlist, path: x }\n`, FILE).sources.map((s) => [s.name, s.kind])).toEqual([[longest, 'hostlist']]);
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

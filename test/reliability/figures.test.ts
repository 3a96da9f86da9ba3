import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatFigures, readFigures, recordFigures, unmetRequirements } from './figures.js';
import { phaseBegun, phaseReached, linesOfPass } from './crash/kill-point.js';

describe('reliability figures', () => {
  const saved = process.env['BREAKFIX_FIGURES_DIR'];
  afterEach(() => {
    if (saved === undefined) delete process.env['BREAKFIX_FIGURES_DIR'];
    else process.env['BREAKFIX_FIGURES_DIR'] = saved;
  });

  it('adds up a part split over files, requirements included, and says what is not met', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-fig-'));
    process.env['BREAKFIX_FIGURES_DIR'] = dir;
    const part = (kills: number, clean: number, doubles: number) => ({
      part: 'crash injection',
      order: 3,
      figures: [
        { figure: 'kills injected', value: kills, atLeast: 100 },
        { figure: 'recoveries clean', value: clean, equals: 'kills injected' },
        { figure: 'double actions', value: doubles, zero: true as const },
      ],
      notes: [`${kills} kills`],
    });
    recordFigures('crash-a', part(100, 100, 0));
    recordFigures('crash-b', part(99, 98, 1));
    recordFigures('bad-input', { part: 'bad input', order: 1, figures: [{ figure: 'inputs tried', value: 7 }] });
    const parts = readFigures(dir);
    expect(parts.map((p) => p.part)).toEqual(['bad input', 'crash injection']);
    expect(parts[1]!.figures).toEqual([
      { figure: 'kills injected', value: 199, atLeast: 200 },
      { figure: 'recoveries clean', value: 198, equals: 'kills injected' },
      { figure: 'double actions', value: 1, zero: true },
    ]);
    expect(unmetRequirements(parts)).toEqual([
      'crash injection: kills injected is 199, must be at least 200',
      'crash injection: recoveries clean is 198, must equal kills injected (199)',
      'crash injection: double actions is 1, must be 0',
    ]);
    const table = formatFigures(parts);
    expect(table.split('\n').slice(0, 3)).toEqual([
      '| part            | figure           | value | required         |',
      '|-----------------|------------------|------:|------------------|',
      '| bad input       | inputs tried     |     7 |                  |',
    ]);
    expect(table).toContain('- crash injection: 99 kills');
  });

  it('writes nothing without BREAKFIX_FIGURES_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-fig-'));
    process.env['BREAKFIX_FIGURES_DIR'] = dir;
    recordFigures('with', { part: 'x', order: 0, figures: [] });
    delete process.env['BREAKFIX_FIGURES_DIR'];
    recordFigures('without', { part: 'x', order: 0, figures: [] });
    process.env['BREAKFIX_FIGURES_DIR'] = '';
    recordFigures('empty', { part: 'x', order: 0, figures: [] });
    expect(readdirSync(dir)).toEqual(['with.json']);
    expect(existsSync('without.json') || existsSync('empty.json')).toBe(false);
  });
});

describe('where a kill landed, from the transcript', () => {
  const transcript = [
    '2026-11-23T01:00:00.000Z pass pass 4 started (pid 77, execute, seed 1)',
    '2026-11-23T01:00:00.100Z import inventory: 3000 rows from inputs/inventory.tsv in 0.09s',
    '2026-11-23T01:00:00.200Z import responsive: 2948 rows from inputs/responsive in 0.03s',
    '2026-11-23T01:00:00.250Z views 28 views created',
    '2026-11-23T01:00:00.500Z export 28 written, 0 current',
    '2026-11-23T01:00:00.550Z plan drain: 3 planned (dwh 3/20)',
    '2026-11-23T01:00:00.560Z act drain run node sim.js drain --hosts-file plan/drain.hosts  (3 hosts in plan/drain.hosts)',
    '    | drain #1: 3 applied',
    '2026-11-23T01:00:00.900Z act drain exit 0 after 340ms: node sim.js drain --hosts-file plan/drain.hosts',
    '2026-11-23T01:00:01.000Z summary pass 4 of 2026-11-23: ok  seed 1',
  ];
  const upTo = (n: number) => linesOfPass(['2026-11-23T00:00:00.000Z pass pass 3 started (pid 76, execute, seed 9)', ...transcript.slice(0, n)].join('\n'), 77);

  it.each([
    [0, 'import'],
    [2, 'import'],
    [3, 'views'],
    [4, 'export'],
    [5, 'plan'],
    [6, 'plan'],
    [7, 'action command'],
    [9, 'between actions'],
    [10, 'after the summary'],
  ] as const)('after %i lines: %s', (n, landed) => {
    expect(phaseReached(upTo(n), 2)).toBe(landed);
  });

  it('knows when a phase has begun', () => {
    expect(phaseBegun('import', upTo(0), 2)).toBe(false);
    expect(phaseBegun('import', upTo(1), 2)).toBe(true);
    expect(phaseBegun('views', upTo(2), 2)).toBe(false);
    expect(phaseBegun('views', upTo(3), 2)).toBe(true);
    expect(phaseBegun('action command', upTo(6), 2)).toBe(false);
    expect(phaseBegun('action command', upTo(7), 2)).toBe(true);
  });
});

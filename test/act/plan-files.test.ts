import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFile, planJsonFile, readPlanExplanation, writePlan } from '../../src/act/plan-files.js';
import { WorkspaceError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

const EXPLANATION = { action: 'drain', pass: 2, seed: 7, candidates_view: 'drain-candidates', clusters: [] };

describe('plan files', () => {
  it('plan/<action> is a bytewise-sorted text table; plan/<action>.json carries its format first', () => {
    const dir = tempDir('bf-plan-');
    writePlan(dir, 'drain', [
      { hostname: 'dn2.example.com', cluster: 'dwh', spread: '/r2', group: null },
      { hostname: 'DN1.example.com', cluster: 'dwh', spread: '/r1', group: 'g1' },
    ], EXPLANATION);
    expect(readFileSync(planFile(dir, 'drain'), 'utf8')).toBe('DN1.example.com\tdwh\t/r1\tg1\ndn2.example.com\tdwh\t/r2\t-\n');
    const json = JSON.parse(readFileSync(planJsonFile(dir, 'drain'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['format', 'action', 'pass', 'seed', 'candidates_view', 'clusters']);
    expect(readPlanExplanation(dir, 'drain')).toEqual({ format: 1, json: { format: 1, ...EXPLANATION } });
  });

  it('an explanation written before versioning (no format) reads as format 1', () => {
    const dir = tempDir('bf-plan-');
    writeFileSync(planJsonFile(dir, 'drain'), JSON.stringify(EXPLANATION));
    expect(readPlanExplanation(dir, 'drain')).toEqual({ format: 1, json: EXPLANATION });
  });

  it('an explanation of a newer format is refused, naming the file and the format', () => {
    const dir = tempDir('bf-plan-');
    const file = planJsonFile(dir, 'drain');
    writeFileSync(file, JSON.stringify({ format: 2, ...EXPLANATION }));
    expect(() => readPlanExplanation(dir, 'drain')).toThrow(WorkspaceError);
    expect(() => readPlanExplanation(dir, 'drain')).toThrow(
      `${file}: plan explanation format 2 is newer than this breakfix reads (format 1): it was written by a newer breakfix; run that one`,
    );
  });

  it('no explanation is null; one that is not an object is an error', () => {
    const dir = tempDir('bf-plan-');
    expect(readPlanExplanation(dir, 'drain')).toBeNull();
    writeFileSync(planJsonFile(dir, 'drain'), '[1, 2]');
    expect(() => readPlanExplanation(dir, 'drain')).toThrow('not a plan explanation (not a JSON object)');
  });
});

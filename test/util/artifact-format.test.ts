import { describe, expect, it } from 'vitest';
import { WorkspaceError } from '../../src/errors.js';
import { ARTIFACT_FORMATS, artifactFormat } from '../../src/util/artifact-format.js';

describe('artifactFormat', () => {
  it('a file written before versioning (no format field) is format 1', () => {
    expect(artifactFormat('m.json', 'manifest', { day: '2026-11-23', views: {} })).toBe(1);
  });

  it('the current format is accepted', () => {
    expect(ARTIFACT_FORMATS).toEqual({ manifest: 1, plan: 1 });
    expect(artifactFormat('m.json', 'manifest', { format: 1 })).toBe(1);
    expect(artifactFormat('p.json', 'plan', { format: 1 })).toBe(1);
  });

  it('a newer format is refused, naming the file and both formats', () => {
    expect(() => artifactFormat('runs/x/manifest.json', 'manifest', { format: 2 })).toThrow(WorkspaceError);
    expect(() => artifactFormat('runs/x/manifest.json', 'manifest', { format: 2 })).toThrow(
      'runs/x/manifest.json: manifest format 2 is newer than this breakfix reads (format 1): it was written by a newer breakfix; run that one',
    );
    expect(() => artifactFormat('runs/x/plan/drain.json', 'plan', { format: 17 })).toThrow(
      'runs/x/plan/drain.json: plan explanation format 17 is newer than this breakfix reads (format 1): it was written by a newer breakfix; run that one',
    );
  });

  it('a format that is not a version is refused as unknown', () => {
    for (const [format, shown] of [
      ['1', '"1"'],
      [0, '0'],
      [1.5, '1.5'],
      [null, 'null'],
    ] as const) {
      expect(() => artifactFormat('p.json', 'plan', { format })).toThrow(`p.json: unknown plan explanation format ${shown} (this breakfix reads format 1)`);
    }
  });

  it('a file that is not a JSON object has no format field: format 1, for the caller to reject its shape', () => {
    expect(artifactFormat('m.json', 'manifest', [])).toBe(1);
    expect(artifactFormat('m.json', 'manifest', 'text')).toBe(1);
  });
});

import fc from 'fast-check';
import { applyByteMutations, byteMutation, splitLines, type ByteMutation } from './byte-mutations.js';
import { jsonMutation, mutateJson, type JsonMutation } from './json-mutations.js';
import type { FuzzTarget, Seed } from './targets.js';

/**
 * One generated input, as data: where it starts (a seed, the seeds' lines,
 * nothing) and what is done to it. fast-check prints this in a
 * counterexample, so a failure reads as "seed X, token 3 replaced by `;`"
 * rather than as kilobytes of bytes; `materialize` turns it into the bytes.
 */
export type FuzzCase =
  | { readonly from: 'seed'; readonly seed: string; readonly mutations: readonly ByteMutation[] }
  | {
      readonly from: 'json';
      readonly seed: string;
      readonly edits: readonly JsonMutation[];
      readonly pretty: boolean;
      readonly mutations: readonly ByteMutation[];
    }
  | { readonly from: 'seed-lines'; readonly lines: readonly number[] }
  | { readonly from: 'seed-alphabet'; readonly text: string }
  | { readonly from: 'random-text'; readonly text: string }
  | { readonly from: 'random-bytes'; readonly bytes: Uint8Array };

/** Inputs are kept to a few KB (the largest seed is 15 KB): runs stay fast, and size is not what is being tested. */
export const MAX_INPUT_BYTES = 24 * 1024;

/** The arbitrary of a target's inputs: mostly mutated seeds, some recombined or random ones. */
export function fuzzCases(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const lines = linesOf(target);
  const alphabet = seedAlphabet(target.seeds);
  const mutatedSeed = fc.record({
    from: fc.constant('seed' as const),
    seed: seedName(target.seeds),
    // Few mutations, usually one: each more is another chance to break the input before its hostnames are read.
    mutations: fc.array(byteMutation, { minLength: 1, maxLength: 5, size: 'xsmall' }),
  });
  const cases: fc.WeightedArbitrary<FuzzCase>[] = [
    { weight: 6, arbitrary: mutatedSeed },
    { weight: 1, arbitrary: fc.record({ from: fc.constant('seed-lines' as const), lines: fc.array(fc.nat({ max: lines.length - 1 }), { maxLength: 60 }) }) },
    { weight: 1, arbitrary: fc.record({ from: fc.constant('seed-alphabet' as const), text: fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 800 }) }) },
    { weight: 1, arbitrary: fc.record({ from: fc.constant('random-text' as const), text: fc.string({ unit: 'binary', maxLength: 600 }) }) },
    { weight: 1, arbitrary: fc.record({ from: fc.constant('random-bytes' as const), bytes: fc.uint8Array({ maxLength: 2048 }) }) },
  ];
  if (target.json !== undefined && target.json.documents.length > 0) {
    const edited = fc.record({
      from: fc.constant('json' as const),
      seed: seedName(target.json.documents),
      edits: fc.array(jsonMutation, { minLength: 1, maxLength: 4, size: 'xsmall' }),
      pretty: fc.boolean(),
      mutations: fc.array(byteMutation, { maxLength: 1 }),
    });
    cases.push({ weight: 6, arbitrary: edited });
  }
  return fc.oneof(...cases);
}

/** The bytes of a case. */
export function materialize(target: FuzzTarget, c: FuzzCase): Buffer {
  return bytesOf(target, c).subarray(0, MAX_INPUT_BYTES);
}

function bytesOf(target: FuzzTarget, c: FuzzCase): Buffer {
  switch (c.from) {
    case 'seed':
      return applyByteMutations(seedNamed(target.seeds, c.seed).bytes, c.mutations);
    case 'json': {
      const json = target.json!;
      const text = seedNamed(json.documents, c.seed).bytes.toString('utf8');
      return applyByteMutations(Buffer.from(mutateJson(text, c.edits, c.pretty, json.encode), 'utf8'), c.mutations);
    }
    case 'seed-lines': {
      const lines = linesOf(target);
      return Buffer.concat(c.lines.map((i) => lines[i]!));
    }
    case 'seed-alphabet':
    case 'random-text':
      return Buffer.from(c.text, 'utf8');
    case 'random-bytes':
      return Buffer.from(c.bytes);
  }
}

/**
 * A seed's name, the accepted seeds four times as often as the rejected
 * ones: mutating an input that is already refused mostly explores the
 * error paths the accepted seeds' mutations reach anyway.
 */
function seedName(seeds: readonly Seed[]): fc.Arbitrary<string> {
  const accepted = seeds.filter((s) => !s.rejected).map((s) => s.name);
  const rejected = seeds.filter((s) => s.rejected).map((s) => s.name);
  if (rejected.length === 0) return fc.constantFrom(...accepted);
  if (accepted.length === 0) return fc.constantFrom(...rejected);
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...accepted) }, { weight: 1, arbitrary: fc.constantFrom(...rejected) });
}

function seedNamed(seeds: readonly Seed[], name: string): Seed {
  const seed = seeds.find((s) => s.name === name);
  if (seed === undefined) throw new Error(`no seed named ${name}`);
  return seed;
}

const linesCache = new WeakMap<FuzzTarget, Buffer[]>();

function linesOf(target: FuzzTarget): Buffer[] {
  let lines = linesCache.get(target);
  if (lines === undefined) linesCache.set(target, (lines = seedLines(target.seeds)));
  return lines;
}

/** Every line of every seed (with its `\n`), to recombine: headers, rows and section lines in new orders. */
function seedLines(seeds: readonly Seed[]): Buffer[] {
  return seeds.flatMap((s) => splitLines(s.bytes)).map((l) => (l[l.length - 1] === 0x0a ? l : Buffer.concat([l, Buffer.from('\n')])));
}

/** The characters the seeds are made of: random text over them looks like the format far more often than random Unicode. */
function seedAlphabet(seeds: readonly Seed[]): string[] {
  const chars = new Set<string>(['\n']);
  for (const s of seeds) for (const ch of s.bytes.toString('utf8')) chars.add(ch);
  return [...chars].sort();
}

import fc from 'fast-check';
import { junkJsonValue, junkKey, junkText } from './junk.js';

/**
 * Mutations of a JSON document's values, for the JSON formats (NameNode JMX,
 * the RM REST API, the Prometheus HTTP API, the HDFS hosts file). Byte
 * mutations of JSON nearly always give a syntax error, which stops the
 * parser at its first line of code; these keep the document valid JSON and
 * change what is in it, so junk hostnames, ports, states and numbers reach
 * the field checks and the hostname normaliser.
 *
 * JMX nests JSON inside JSON strings (`"LiveNodes" : "{\"dn1:9866\":{...}}"`):
 * such strings are decoded before mutating and encoded again after, so the
 * inner node maps are mutated as documents too.
 */
export type JsonMutation =
  | { readonly op: 'set-string'; readonly pick: number; readonly value: string }
  | { readonly op: 'set'; readonly pick: number; readonly value: unknown }
  | { readonly op: 'delete'; readonly pick: number }
  | { readonly op: 'duplicate'; readonly pick: number }
  | { readonly op: 'add-key'; readonly pick: number; readonly key: string; readonly value: unknown }
  | { readonly op: 'rename-key'; readonly pick: number; readonly key: string };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  // Most weight on strings: hostnames, node ids and states are strings.
  { weight: 4, arbitrary: fc.record({ op: fc.constant('set-string' as const), pick: fc.nat(), value: junkText }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), pick: fc.nat(), value: junkJsonValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add-key' as const), pick: fc.nat(), key: junkKey, value: junkJsonValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename-key' as const), pick: fc.nat(), key: junkKey }) },
);

/** A string value that held a JSON document, decoded so that mutations reach inside it. */
class Embedded {
  constructor(public value: unknown) {}
}

type Container = Record<string, unknown> | unknown[];

/** One place in the document: a value, and the container and key it sits under. */
interface Slot {
  readonly parent: Container;
  readonly key: string | number;
}

/**
 * Apply the mutations to the JSON text `seed` and write it out again,
 * compact (as the RM and Prometheus write it) or pretty (as JMX does, which
 * gives line numbers a meaning). The root itself is never replaced: a
 * document that is not even an object is what the byte mutations produce.
 */
export function mutateJson(seed: string, mutations: readonly JsonMutation[], pretty: boolean, encode: (value: unknown, pretty: boolean) => string): string {
  const doc = decodeEmbedded(JSON.parse(seed));
  for (const m of mutations) applyJsonMutation(doc, m);
  return encode(doc, pretty);
}

/** The usual encoding: one JSON document. */
export function encodeDocument(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, encodeEmbedded, pretty ? 2 : undefined);
}

/** The HDFS hosts file's legacy encoding: the array's objects one after another, no brackets or commas. */
export function encodeConcatenated(value: unknown, pretty: boolean): string {
  if (!Array.isArray(value)) return encodeDocument(value, pretty);
  return value.map((item) => encodeDocument(item, pretty)).join('\n') + '\n';
}

function encodeEmbedded(_key: string, value: unknown): unknown {
  return value instanceof Embedded ? JSON.stringify(value.value, encodeEmbedded) : value;
}

function decodeEmbedded(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return new Embedded(decodeEmbedded(JSON.parse(value)));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(decodeEmbedded);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeEmbedded(v)]));
  return value;
}

function applyJsonMutation(doc: unknown, m: JsonMutation): void {
  const slots = slotsOf(doc);
  const pool = m.op === 'set-string' ? slots.filter((s) => typeof valueAt(s) === 'string') : slots;
  if (pool.length === 0) return;
  const slot = pool[m.pick % pool.length]!;
  const { parent, key } = slot;
  switch (m.op) {
    case 'set-string':
      setAt(slot, m.value);
      return;
    case 'set':
      // A copy: constant values (`[]`, `{}`) are shared between generated cases and later mutations change them in place.
      setAt(slot, copy(m.value));
      return;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(key as number, 0, copy(parent[key as number]));
      else putKey(parent, `${String(key)}_copy`, copy(parent[key as string]));
      return;
    case 'add-key': {
      const target = valueAt(slot);
      const into = target instanceof Embedded ? target.value : target;
      if (isObject(into)) putKey(into, m.key, copy(m.value));
      else if (isObject(parent)) putKey(parent, m.key, copy(m.value));
      return;
    }
    case 'rename-key':
      if (Array.isArray(parent) || m.key === key) return;
      putKey(parent, m.key, parent[key as string]);
      delete parent[key as string];
      return;
  }
}

/** An own key even when it is `__proto__` (plain assignment would set the prototype, and JSON.stringify would drop it). */
function putKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy that keeps embedded documents embedded (structuredClone would turn them into plain objects). */
function copy(value: unknown): unknown {
  if (value instanceof Embedded) return new Embedded(copy(value.value));
  if (Array.isArray(value)) return value.map(copy);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}

function valueAt(slot: Slot): unknown {
  return Array.isArray(slot.parent) ? slot.parent[slot.key as number] : slot.parent[slot.key as string];
}

function setAt(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else putKey(slot.parent, slot.key as string, value);
}

/** Every value's slot, breadth first, looking inside decoded embedded documents. Iterative: junk may nest deeply. */
function slotsOf(doc: unknown): Slot[] {
  const slots: Slot[] = [];
  const queue: unknown[] = [doc];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] instanceof Embedded ? (queue[i] as Embedded).value : queue[i];
    if (!Array.isArray(node) && !isObject(node)) continue;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, k) => k) : Object.keys(node);
    for (const key of keys) {
      const slot = { parent: node as Container, key };
      slots.push(slot);
      queue.push(valueAt(slot));
    }
  }
  return slots;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Embedded);
}

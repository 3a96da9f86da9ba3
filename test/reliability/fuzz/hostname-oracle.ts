import { isIP } from 'node:net';

/**
 * The fuzzer's own idea of a stored hostname, written independently of
 * src/hosts/hostname.ts so that a bug there cannot hide itself: the oracle
 * shares no code (and no regular expression) with the validator it checks.
 *
 * A stored hostname is valid iff it is
 *  - an IP literal as Node's `isIP` reads it: the normaliser stores IPv4 as
 *    written and IPv6 lower-cased and without brackets or port
 *    (`[2001:DB8::1]:9100` → `2001:db8::1`), which `isIP` accepts while it
 *    refuses `[…]`, ports and IPv4 with leading zeros. `isIP` also accepts
 *    an IPv6 zone (`fe80::1%eth0`), which names an interface of the machine
 *    that printed it, not a host: the oracle refuses any `%`; or
 *  - a lower-case RFC 1123 name: 1..253 characters, dot-separated labels of
 *    1..63 characters from [a-z0-9-], none starting or ending with `-`, no
 *    empty label and so no leading, doubled or trailing dot (the normaliser
 *    strips the one trailing dot of an absolute name before storing it).
 *
 * In both cases the stored text is lower-case: the fuzzed workspaces keep
 * the default `hosts.lowercase: true`.
 */
export function isValidStoredHostname(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value !== value.toLowerCase()) return false;
  if (value.includes('%')) return false;
  if (isIP(value) !== 0) return true;
  return isRfc1123Name(value);
}

function isRfc1123Name(name: string): boolean {
  if (name.length < 1 || name.length > 253) return false;
  return name.split('.').every(isLabel);
}

function isLabel(label: string): boolean {
  if (label.length < 1 || label.length > 63) return false;
  if (label.startsWith('-') || label.endsWith('-')) return false;
  for (const ch of label) {
    const lowerLetter = ch >= 'a' && ch <= 'z';
    const digit = ch >= '0' && ch <= '9';
    if (!lowerLetter && !digit && ch !== '-') return false;
  }
  return true;
}

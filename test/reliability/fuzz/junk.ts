import fc from 'fast-check';

/**
 * What the mutators insert: text and bytes chosen to reach the places where
 * parsers and the hostname check could go wrong. Hostnames get the most
 * attention (the issue's oracle is "never a row with an invalid hostname"),
 * then the bytes a line reader must refuse, then each format's delimiters.
 */

/** Tokens worth trying in any position: shell metacharacters, delimiters, host-name edge cases. */
const HOSTILE_TEXT = [
  // Shell metacharacters and injection shapes: none may ever be stored as a hostname.
  ';', '|', '&', '$', '`', '(', ')', '<', '>', '$(id)', '`id`', '; rm -rf /', 'a|b', 'dn1&&x', '${IFS}', '>/tmp/x',
  // Option and path injection.
  '-rf', '--help', '../../etc/passwd', '/', '~root',
  // Delimiters and quoting of the formats read (TSV, CSV, text tables, JSON, exposition format).
  '\t', '\r', '\r\n', '\n', '\n\n', ',', '"', "'", '\\', '\\t', '\\-', '-', '#', ' # comment', '{', '}', '[', ']', '=', ':', '""', '","',
  // Hosts and ports at the edges of what the normaliser accepts.
  'dn1.', 'dn1..example.com', '.dn1', '-dn1', 'dn1-', 'dn_1', 'DN0001.SMF1.EXAMPLE.COM', 'dn0001.smf1.example.com.', 'dn1.example.com..',
  'dn1:', ':9866', 'dn1:9866:1', 'dn1:99999', 'dn1:-1', 'dn1:0x10', 'dn1 :9866', 'xn--bcher-kva.example', '0', '1.2.3', '999.1.1.1',
  'a'.repeat(63), 'a'.repeat(64), `${'a'.repeat(63)}.`.repeat(4).slice(0, 253), `${'a'.repeat(63)}.`.repeat(4).slice(0, 254),
  // IP literals, bracketed, with ports and zones, and near-misses.
  '::', ':::', '::1', '[::1]', '[::1]:9100', '[::1', '::1]', '[2001:DB8::B]:9866', '2001:db8:b0::b:9866', '::ffff:10.176.1.11',
  'fe80::1%eth0', 'fe80::1%25eth0', '[fe80::1%eth0]:9100', '10.176.1.11', '10.176.1.11:9866', '010.176.001.011', '10.176.1.256', '1.2.3.4.5',
  '0x0a.0.0.1', '10.176.1.11%eth0',
  // Unicode: full-width digits, look-alikes, invisible characters, case mappings that change length.
  'ｄｎ１', '١٢٣', 'dn\u200b1', '\uFEFF', '\u00a0', 'İ', 'K', 'ß', 'ǅ', '\u202e', 'é', 'e\u0301', '😀', '\uD800',
  // Numbers at the edges of what the value and count fields accept.
  'NaN', '+Inf', '-Inf', 'Infinity', '1e400', '-0', '9223372036854775807', '9007199254740993', '1e21', '0x10', '1_000', '.5', '5.', '+1',
  // Deep nesting: a parser or error locator that recurses must not overflow its stack.
  '['.repeat(3000) + ']'.repeat(3000), '{"a":'.repeat(1500) + '1' + '}'.repeat(1500),
];

/** Byte sequences that are not UTF-8 (and a few that are, but must still be handled): they must reach the reader as bytes. */
const ODD_BYTES: readonly Uint8Array[] = [
  [0x00], [0xff], [0xfe], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xef, 0xbb, 0xbf],
  [0x0d], [0x0d, 0x0a], [0x09], [0x0b], [0x0c], [0x1b, 0x5b, 0x30, 0x6d], [0x7f], [0x00, 0x00, 0x00, 0x00],
].map((b) => Uint8Array.from(b));

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** A port as inputs write one, or something that only looks like one. */
const portText = fc.oneof(fc.integer({ min: -2, max: 70_000 }).map(String), fc.constantFrom('', 'x', '-', '99999999', '9866 ', '0009866'));

/** Dot-joined labels from a small alphabet that includes what is not allowed (`_`, upper case, edge dashes, empty labels). */
const hostLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.string({ unit: fc.constantFrom('a', 'z', 'D', 'N', '0', '9', '-', '_'), maxLength: 8 }), { minLength: 1, maxLength: 4 }),
    fc.option(portText, { nil: undefined }),
    fc.boolean(),
  )
  .map(([labels, port, absolute]) => `${labels.join('.')}${absolute ? '.' : ''}${port === undefined ? '' : `:${port}`}`);

const ipLiteral: fc.Arbitrary<string> = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc.ipV6().map((a) => a.toUpperCase()),
  fc.ipV6().map((a) => `[${a}]`),
  fc.tuple(fc.ipV6(), portText).map(([a, p]) => `[${a}]:${p}`),
  fc.tuple(fc.ipV6(), portText).map(([a, p]) => `${a}:${p}`),
  fc.tuple(fc.ipV4(), portText).map(([a, p]) => `${a}:${p}`),
);

/** Very long tokens: labels over 63 characters, names over 253, fields far longer than any real one. */
const longToken: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', 'A', '9', '-', 'ab.', 'x\t'), fc.integer({ min: 60, max: 2000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

const validPort = fc.integer({ min: 0, max: 65_535 }).map(String);

/**
 * Hosts written in a form the normaliser accepts but must change before it
 * stores them: upper case, an absolute name's trailing dot, a port, IPv6 in
 * brackets or upper case, labels and names at their length limits. These
 * get past the checks, so they test what is stored, not what is refused.
 */
const oddButValidHost: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.domain(), fc.boolean(), fc.boolean(), fc.option(validPort, { nil: undefined }))
    .map(([name, upper, absolute, port]) => `${upper ? name.toUpperCase() : name}${absolute ? '.' : ''}${port === undefined ? '' : `:${port}`}`),
  fc.tuple(fc.ipV4(), fc.option(validPort, { nil: undefined })).map(([a, port]) => (port === undefined ? a : `${a}:${port}`)),
  fc.tuple(fc.ipV6(), fc.boolean(), validPort).map(([a, upper, port]) => `[${upper ? a.toUpperCase() : a}]:${port}`),
  fc.ipV6().map((a) => a.toUpperCase()),
  fc.constantFrom('DN0001', 'dn7', '0', '1-2', `${'a'.repeat(63)}.example.com`, `${'b'.repeat(61)}.`.repeat(4) + 'c', 'XN--BCHER-KVA.EXAMPLE.'),
);

/** What can spoil a hostname: a character that must not be in one (or an upper-case one, which must be lowered). */
const SPOILERS = [
  '_', ';', '|', '&', '$', '`', ' ', '\t', '"', "'", '\\', '/', '%', '*', '?', '!', '~', '=', '+', ',', '@', '#', '(', ')', '<', '>',
  '{', '}', '[', ']', ':', '.', '-', 'é', 'İ', 'K', 'ｄ', '\u0000', '\u200b', '\n', '\r', 'A',
];

/**
 * A valid domain name spoiled in one place: a bad character inserted or
 * swapped in, or a label made to start or end with a dash, emptied or made
 * too long. Such names look right to a quick check (a fast path that skips
 * the full validation for names that look canonical), so they are what a
 * validator's shortcut lets through if it is wrong.
 */
const nearlyValidHost: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.domain(), fc.nat(), fc.constantFrom(...SPOILERS), fc.boolean())
    .map(([name, at, ch, insert]) => {
      const i = at % (name.length + 1);
      return name.slice(0, i) + ch + name.slice(insert ? i : i + 1);
    }),
  fc.tuple(fc.domain(), fc.nat(), fc.constantFrom('lead-dash', 'trail-dash', 'empty', 'too-long')).map(([name, at, how]) => {
    const labels = name.split('.');
    const i = at % labels.length;
    const label = labels[i]!;
    labels[i] = how === 'lead-dash' ? `-${label}` : how === 'trail-dash' ? `${label}-` : how === 'empty' ? '' : label.padEnd(64, 'x');
    return labels.join('.');
  }),
);

/** A junk string: what replaces a hostname, a JSON string value or a token. */
export const junkText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 3, arbitrary: oddButValidHost },
  { weight: 4, arbitrary: nearlyValidHost },
  { weight: 3, arbitrary: hostLike },
  { weight: 2, arbitrary: ipLiteral },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) },
  { weight: 1, arbitrary: longToken },
);

/** Junk bytes: junk text as UTF-8, or bytes that are not text at all. */
export const junkBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: junkText.map(utf8) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_BYTES) },
);

/** A JSON object key for a node map (`host:port` in JMX) or an unknown key. */
export const junkKey: fc.Arbitrary<string> = fc.oneof(
  junkText,
  fc.tuple(fc.oneof(hostLike, ipLiteral, junkText), portText).map(([h, p]) => `${h}:${p}`),
  fc.constantFrom('__proto__', 'constructor', 'hostname', 'HostName', 'hostName ', ''),
);

/** A JSON value of any type, numbers at the edges included, to put where another value was. */
export const junkJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: junkText },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 65_536, 9.6e13, 1714564800.781, [], {}) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

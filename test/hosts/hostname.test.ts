import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostnameProblem, isCanonicalHostname, normalizeHost, splitHostPort } from '../../src/hosts/hostname.js';

const opts = { lowercase: true, stripPort: true };

describe('normalizeHost', () => {
  it.each([
    ['dn1.smf1.example.com', 'dn1.smf1.example.com'],
    ['DN1.SMF1.Example.COM', 'dn1.smf1.example.com'],
    ['dn1.smf1.example.com:9866', 'dn1.smf1.example.com'],
    ['dn1.smf1.example.com.', 'dn1.smf1.example.com'],
    ['10.1.2.3', '10.1.2.3'],
    ['10.1.2.3:9866', '10.1.2.3'],
    ['[2001:db8::1]:9100', '2001:db8::1'],
    ['2001:DB8::B', '2001:db8::b'],
    ['2001:db8:b0::b:9866', '2001:db8:b0::b:9866'],
  ])('normalises %s to %s', (raw, expected) => {
    const r = normalizeHost(raw, opts);
    expect(r.ok && r.hostname).toBe(expected);
  });

  it('qualifies short names with hosts.qualify but leaves FQDNs and IPs alone', () => {
    const q = { ...opts, qualify: '.smf1.example.com' };
    expect(normalizeHost('DN0019', q)).toMatchObject({ ok: true, hostname: 'dn0019.smf1.example.com' });
    expect(normalizeHost('dn1.other.com', q)).toMatchObject({ ok: true, hostname: 'dn1.other.com' });
    expect(normalizeHost('10.0.0.1', q)).toMatchObject({ ok: true, hostname: '10.0.0.1' });
  });

  it('keeps the port it stripped', () => {
    expect(normalizeHost('dn1.x.com:9866', opts)).toMatchObject({ ok: true, port: 9866 });
  });

  it('refuses a port when strip_port is false', () => {
    expect(normalizeHost('dn1.x.com:9866', { lowercase: true, stripPort: false })).toEqual({
      ok: false,
      problem: 'invalid hostname "dn1.x.com:9866": has a port and hosts.strip_port is false',
    });
  });

  it.each([
    ['a;rm -rf x', 'invalid hostname "a;rm -rf x": \';\' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')'],
    ['$(touch y)', 'invalid hostname "$(touch y)": \'$\' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')'],
    ['`id`', 'invalid hostname "`id`": \'`\' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')'],
    ['-rf', 'invalid hostname "-rf": label "-rf" must not start or end with \'-\''],
    ['a..b', 'invalid hostname "a..b": empty label (two dots in a row, or a leading dot)'],
    ['host:abc', 'invalid hostname "host:abc": port "abc" is not a number'],
    ['dn_1.x.com', 'invalid hostname "dn_1.x.com": \'_\' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')'],
    ['a\u0000b', 'invalid hostname "a\\u0000b": \'\\x00\' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')'],
  ])('rejects %j', (raw, problem) => {
    expect(normalizeHost(raw, opts)).toEqual({ ok: false, problem });
  });

  // Node's isIP accepts these: the zone is free text (an interface name) that could reach an action's argv.
  it.each([
    ['fe80::1%eth0', '"%eth0"'],
    ['FE80::1%ETH0', '"%ETH0"'],
    ['fe80::1%25eth0', '"%25eth0"'],
    ['[fe80::1%eth0]:9100', '"%eth0"'],
    ['fe80::1%eth0:9100', '"%eth0:9100"'],
    ['fe80::1%$(reboot)', '"%$(reboot)"'],
  ])('rejects the IPv6 zone id in %j', (raw, zone) => {
    expect(normalizeHost(raw, opts)).toEqual({
      ok: false,
      problem: `invalid hostname ${JSON.stringify(raw)}: an IPv6 zone id (${zone}) names a network interface of the machine that printed it, not a host`,
    });
  });

  it('never accepts a name that a shell would treat specially', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const r = normalizeHost(s, opts);
        if (r.ok) expect(r.hostname).toMatch(/^[a-z0-9.:-]+$/);
      }),
      { numRuns: 3000 },
    );
  });

  it('never accepts an IPv6 address with any zone id', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.string({ minLength: 0, maxLength: 12 }), fc.boolean(), (ip, zone, bracket) => {
        const raw = bracket ? `[${ip}%${zone}]:9100` : `${ip}%${zone}`;
        expect(normalizeHost(raw, opts).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitHostPort', () => {
  it('splits IPv6 with brackets and the dfsadmin form on the last colon', () => {
    expect(splitHostPort('[2001:db8::1]:9100')).toEqual({ host: '2001:db8::1', port: '9100' });
    expect(splitHostPort('dn1:9866')).toEqual({ host: 'dn1', port: '9866' });
    expect(splitHostPort('2001:db8::1')).toEqual({ host: '2001:db8::1', port: undefined });
  });
});

describe('hostnameProblem', () => {
  it('limits labels to 63 and names to 253 characters', () => {
    expect(hostnameProblem('a'.repeat(63) + '.com')).toBeUndefined();
    expect(hostnameProblem('a'.repeat(64) + '.com')).toMatch(/longer than 63/);
    expect(hostnameProblem(('a'.repeat(60) + '.').repeat(5))).toMatch(/at most 253/);
  });
});

describe('isCanonicalHostname', () => {
  // Planning and imports skip normalizeHost for these: it must return each unchanged, whatever the options.
  it('holds only for names normalizeHost returns unchanged under every option', () => {
    const options = [
      { lowercase: true, stripPort: true },
      { lowercase: true, stripPort: true, qualify: '.x.example.com' },
      { lowercase: false, stripPort: false },
    ];
    const label = fc.stringMatching(/^[a-zA-Z0-9-]{0,8}$/);
    const text = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')),
      fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '.', ':9866', '..', '%eth0')).map(([l, end]) => l.join('.') + end),
      fc.ipV4(),
      fc.ipV6(),
      fc.stringMatching(/^[a-z0-9.-]{60,70}$/),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(...options), (t, opts) => {
        if (isCanonicalHostname(t)) expect(normalizeHost(t, opts)).toMatchObject({ ok: true, hostname: t });
      }),
      { numRuns: 5000 },
    );
    expect(isCanonicalHostname('dn1.x.example.com')).toBe(true);
    for (const t of ['DN1.x.com', 'dn1', 'dn1.x.com.', 'dn1.x.com:9866', '10.0.0.1', 'a..b', '-a.b']) expect(isCanonicalHostname(t), t).toBe(false);
  });
});

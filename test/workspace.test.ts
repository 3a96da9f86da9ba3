import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayIn, resolveDay } from '../src/workspace.js';

describe('dayIn', () => {
  const viaIntl = (tz: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

  it('gives the day Intl gives in UTC (which it computes without time zone data), for any instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
        expect(dayIn('UTC', at)).toBe(viaIntl('UTC', at));
        expect(dayIn('Etc/UTC', at)).toBe(viaIntl('Etc/UTC', at));
      }),
    );
  });

  it('uses the configured time zone elsewhere: 23:30 UTC is the next day in Tokyo and the same day in Los Angeles', () => {
    const at = new Date('2026-11-23T23:30:00Z');
    expect(dayIn('UTC', at)).toBe('2026-11-23');
    expect(dayIn('Asia/Tokyo', at)).toBe('2026-11-24');
    expect(dayIn('America/Los_Angeles', at)).toBe('2026-11-23');
  });
});

describe('resolveDay', () => {
  it('reads today, yesterday and a date', () => {
    const now = new Date('2026-11-23T01:00:00Z');
    expect(resolveDay(undefined, 'UTC', now)).toBe('2026-11-23');
    expect(resolveDay('yesterday', 'UTC', now)).toBe('2026-11-22');
    expect(resolveDay('2026-01-31', 'UTC', now)).toBe('2026-01-31');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});

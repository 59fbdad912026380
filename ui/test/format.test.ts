import { describe, expect, it } from 'vitest';
import { dday, isoNowMinutes, isoToday, won } from '../src/lib/format';

describe('format', () => {
  it('writes deadlines as D-day counters', () => {
    expect(dday(0)).toBe('D-day');
    expect(dday(3)).toBe('D-3');
    expect(dday(-2)).toBe('D+2');
  });
  it('gives local dates', () => {
    const d = new Date(2026, 0, 5, 9, 7);
    expect(isoToday(d)).toBe('2026-01-05');
    expect(isoNowMinutes(d)).toBe('2026-01-05T09:07');
  });
  it('formats won', () => {
    expect(won(3000000, 'ko')).toBe('3,000,000원');
    expect(won(3000000, 'en')).toBe('KRW 3,000,000');
  });
});

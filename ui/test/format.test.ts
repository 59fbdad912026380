import { describe, expect, it } from 'vitest';
import { dateTime, dday, fileSize, isoNowMinutes, isoToday, won } from '../src/lib/format';

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
  it('gives file sizes for people', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(2048)).toBe('2.0 KB');
    expect(fileSize(300 * 1024)).toBe('300 KB');
    expect(fileSize(5 * 1024 * 1024 + 300 * 1024)).toBe('5.3 MB');
  });
  it('shows stored date-times to the second', () => {
    expect(dateTime('2026-01-05T09:07:03.123456')).toBe('2026-01-05 09:07:03');
    expect(dateTime('2026-01-05T09:07:03')).toBe('2026-01-05 09:07:03');
  });
});

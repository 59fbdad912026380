import { describe, expect, it } from 'vitest';
import { dateProblemText, parseDate, parseDateTime, showDateTime } from '../src/lib/dates';

describe('typed dates', () => {
  it('reads the forms a Korean counter writes, year first, as YYYY-MM-DD', () => {
    for (const typed of ['2026-04-12', '2026-4-12', ' 2026-04-12 ', '2026.04.12', '2026.4.12', '2026. 4. 12.', '2026/04/12', '2026년 4월 12일', '2026년4월12일', '20260412']) {
      expect(parseDate(typed), typed).toEqual({ ok: true, value: '2026-04-12' });
    }
  });

  it('refuses day-first and month-first dates: which is the month cannot be told', () => {
    for (const typed of ['12/04/2026', '04/12/2026', '4/12/2026', '12-04-2026', '12.04.2026']) {
      expect(parseDate(typed), typed).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('refuses what is not a date, and days that do not exist', () => {
    expect(parseDate('내일')).toEqual({ ok: false, problem: 'format' });
    expect(parseDate('2026-04')).toEqual({ ok: false, problem: 'format' });
    expect(parseDate('26-04-12')).toEqual({ ok: false, problem: 'format' });
    expect(parseDate('2026-02-30')).toEqual({ ok: false, problem: 'day' });
    expect(parseDate('2026-13-01')).toEqual({ ok: false, problem: 'day' });
    expect(parseDate('2026-00-10')).toEqual({ ok: false, problem: 'day' });
    expect(parseDate('2025-02-29')).toEqual({ ok: false, problem: 'day' });
    expect(parseDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDate('  ')).toEqual({ ok: false, problem: 'required' });
  });

  it('reads a date and time to the minute', () => {
    expect(parseDateTime('2026-04-12 14:30')).toEqual({ ok: true, value: '2026-04-12T14:30' });
    expect(parseDateTime('2026-04-12T14:30:00')).toEqual({ ok: true, value: '2026-04-12T14:30' });
    expect(parseDateTime('2026.4.12 9:05')).toEqual({ ok: true, value: '2026-04-12T09:05' });
    expect(parseDateTime('2026. 4. 12. 9:05')).toEqual({ ok: true, value: '2026-04-12T09:05' });
    expect(parseDateTime('2026-04-12')).toEqual({ ok: false, problem: 'format' });
    expect(parseDateTime('2026-04-12 24:00')).toEqual({ ok: false, problem: 'format' });
    expect(parseDateTime('2026-04-12 10:60')).toEqual({ ok: false, problem: 'format' });
    expect(parseDateTime('04/12/2026 10:30')).toEqual({ ok: false, problem: 'format' });
    expect(parseDateTime('2026-02-30 10:30')).toEqual({ ok: false, problem: 'day' });
    expect(parseDateTime('')).toEqual({ ok: false, problem: 'required' });
  });

  it('shows a stored date-time as it is typed', () => {
    expect(showDateTime('2026-04-12T14:30:00')).toBe('2026-04-12 14:30');
    expect(showDateTime('2026-04-12T14:30')).toBe('2026-04-12 14:30');
    expect(showDateTime('2026-04-12 14:3')).toBe('2026-04-12 14:3');
    expect(showDateTime('')).toBe('');
  });

  it('says what is wrong in the interface language', () => {
    expect(dateProblemText('format', false, 'ko')).toContain('YYYY-MM-DD 형식');
    expect(dateProblemText('format', true, 'ko')).toContain('YYYY-MM-DD HH:MM');
    expect(dateProblemText('day', false, 'ko')).toContain('없는 날짜');
    expect(dateProblemText('required', false, 'ko')).toContain('날짜를 입력');
    expect(dateProblemText('format', false, 'en')).toBe('Enter the date as YYYY-MM-DD (e.g. 2026-04-12)');
    expect(dateProblemText('day', true, 'en')).toContain('no such date');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import DateInput from '../src/screens/DateInput.svelte';
import { ui } from '../src/lib/i18n.svelte';

afterEach(() => {
  cleanup();
  ui.lang = 'ko';
});

describe('the date field', () => {
  it('is a text field showing YYYY-MM-DD, and tells the parent a date it reads', async () => {
    const changes: string[] = [];
    const { rerender } = render(DateInput, { value: '2026-04-12', testid: 'd', onchange: (v: string) => changes.push(v) });
    const el = screen.getByTestId('d') as HTMLInputElement;
    expect(el.type).toBe('text');
    expect(el.value).toBe('2026-04-12');
    expect(el.placeholder).toBe('YYYY-MM-DD');
    await fireEvent.input(el, { target: { value: '2026년 5월 1일' } });
    await fireEvent.change(el);
    expect(el.value).toBe('2026-05-01');
    expect(changes).toEqual(['2026-05-01']);
    // Not a date: said, and the parent is not told.
    await fireEvent.input(el, { target: { value: '05/01/2026' } });
    await fireEvent.change(el);
    expect(changes).toEqual(['2026-05-01']);
    expect(screen.getByRole('alert').textContent).toContain('YYYY-MM-DD 형식');
    // The parent sets another date: shown, the problem gone.
    await rerender({ value: '2026-06-30' });
    expect(el.value).toBe('2026-06-30');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says a missing or impossible date in the interface language', async () => {
    ui.lang = 'en';
    render(DateInput, { value: '', testid: 'd', required: true });
    const el = screen.getByTestId('d') as HTMLInputElement;
    await fireEvent.change(el);
    expect(screen.getByRole('alert').textContent).toBe('Enter a date (YYYY-MM-DD)');
    await fireEvent.input(el, { target: { value: '2026-02-30' } });
    await fireEvent.change(el);
    expect(screen.getByRole('alert').textContent).toBe('There is no such date (check the month and day)');
    ui.lang = 'ko';
    await fireEvent.blur(el);
    expect((await screen.findByRole('alert')).textContent).toBe('없는 날짜입니다 (월·일을 확인하세요)');
  });

  it('takes a date and time to the minute', async () => {
    const changes: string[] = [];
    render(DateInput, { value: '2026-04-12T10:30:00', time: true, testid: 'd', onchange: (v: string) => changes.push(v) });
    const el = screen.getByTestId('d') as HTMLInputElement;
    expect(el.value).toBe('2026-04-12 10:30');
    expect(el.placeholder).toBe('YYYY-MM-DD HH:MM');
    await fireEvent.input(el, { target: { value: '2026.4.13 9:05' } });
    await fireEvent.change(el);
    expect(el.value).toBe('2026-04-13 09:05');
    expect(changes).toEqual(['2026-04-13T09:05']);
  });
});

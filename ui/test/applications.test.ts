import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Applications from '../src/screens/Applications.svelte';
import { daysBetween, dutyDate, dutyDeadline, inputOf, parseWon } from '../src/lib/applications';
import type { Application } from '../src/bindings/Application';
import type { Merchant } from '../src/bindings/Merchant';

afterEach(() => {
  cleanup();
  clearMocks();
});

const duty = (step: number, due_on: string | null, extra = {}) => ({
  step,
  what: { ko: `의무 ${step}`, en: `Duty ${step}` },
  words: { ko: '근거 문구', en: 'source words' },
  due_on,
  ...extra,
});

const app: Application = {
  id: 'a1',
  merchant_id: 'm1',
  program_id: 'seoul-2023-employment-incentive',
  consultation_id: null,
  status: 'applied',
  applied_on: '2023-04-20',
  hired_on: '2023-01-16',
  amount_requested_krw: 3000000,
  decided_on: null,
  amount_approved_krw: null,
  decision_reason: null,
  paid_on: null,
  amount_paid_krw: null,
  closed_on: null,
  note: '',
  duties: [duty(0, '2023-06-30'), duty(1, '2023-07-01', { month: true }), duty(2, null, { waits_for: 'paid' })],
  saved_by: 'kim',
  version: 1,
  created_at: '2023-04-20T10:00:00',
  updated_at: '2023-04-20T10:00:00',
};

describe('application helpers', () => {
  it('reads duty dates, won amounts and days', () => {
    expect(dutyDate(app.duties[0], 'ko')).toBe('2023-06-30');
    expect(dutyDate(app.duties[1], 'ko')).toBe('2023년 7월');
    expect(dutyDate(app.duties[1], 'en')).toBe('July 2023');
    expect(dutyDate(app.duties[2], 'ko')).toBeNull();
    expect(dutyDeadline(app.duties[1])).toBe('2023-07-31');
    expect(dutyDeadline({ ...app.duties[1], due_on: '2024-02-01' })).toBe('2024-02-29');
    expect(dutyDeadline(app.duties[0])).toBe('2023-06-30');
    expect(parseWon('3,000,000원')).toBe(3000000);
    expect(parseWon('300만')).toBe(3000000);
    expect(parseWon('2억')).toBe(200000000);
    expect(parseWon('삼백만')).toBeUndefined();
    expect(daysBetween('2023-06-25', '2023-06-30')).toBe(5);
    expect(daysBetween('2023-07-02', '2023-06-30')).toBe(-2);
    const i = inputOf(app);
    expect(i.decided_on).toBeUndefined();
    expect(i.amount_requested_krw).toBe(3000000);
  });
});

describe('the applications tab', () => {
  it('shows the duties in Korean and sends a status change as the next version with its date', async () => {
    const calls: { cmd: string; args: Record<string, unknown> }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === 'merchant_applications') return [app];
      if (cmd === 'merchant_consultations') return [];
      if (cmd === 'get_program')
        return { program: { name: { ko: '2023년 서울시 소상공인 고용장려금', en: 'Seoul 2023 incentive' } } };
      if (cmd === 'update_application') return { ...app, status: 'selected', version: 2 };
      throw { code: 'unexpected', message: cmd };
    });
    render(Applications, { merchant: { id: 'm1' } as Merchant });
    await waitFor(() => expect(screen.getAllByTestId('duty-date').length).toBe(3));
    const dates = screen.getAllByTestId('duty-date').map((e) => e.textContent?.trim());
    expect(dates).toEqual(['2023-06-30', '2023년 7월', '지급·실행일 후 정해짐']);
    expect(screen.getByTestId('application-status-label').textContent).toBe('신청');
    await waitFor(() => expect(screen.getByText('2023년 서울시 소상공인 고용장려금', { selector: 'h3', exact: false })).toBeTruthy());

    await fireEvent.click(screen.getByTestId('application-edit'));
    await fireEvent.change(screen.getByTestId('application-status'), { target: { value: 'selected' } });
    const decided = screen.getByTestId('decided-on') as HTMLInputElement;
    await fireEvent.input(decided, { target: { value: '2023.6.1' } });
    await fireEvent.blur(decided);
    await fireEvent.click(screen.getByTestId('application-save'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'update_application')).toBe(true));
    const sent = calls.find((c) => c.cmd === 'update_application')!.args as { id: string; input: Record<string, unknown> };
    expect(sent.id).toBe('a1');
    expect(sent.input).toMatchObject({ status: 'selected', decided_on: '2023-06-01', applied_on: '2023-04-20', hired_on: '2023-01-16' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Consult from '../src/screens/Consult.svelte';
import type { Consultation } from '../src/bindings/Consultation';

afterEach(() => {
  cleanup();
  clearMocks();
});

const merchant = { id: 'm1', profile: { name: '광진 커피' }, created_at: '', updated_at: '' };

const snapshot = (program_id: string) => ({
  program_id,
  verdict: 'eligible' as const,
  window: 'open' as const,
  earliest_application_on: null,
  reasons: [],
  missing: [],
  to_confirm: [],
});

const LEGAL = 'gwangjin-onestop-legal-advice';
/** Retired since, so no longer in the merchant's matches. */
const OLD = 'seoul-2023-employment-incentive';

const v1: Consultation = {
  id: 'c1',
  merchant_id: 'm1',
  at: '2026-04-12T10:30:00',
  counselor: '김상담',
  channel: 'counter',
  place: null,
  topics: ['법률'],
  notes: '임대차 분쟁',
  programs: [
    { program_id: LEGAL, snapshot: snapshot(LEGAL) },
    { program_id: OLD, snapshot: snapshot(OLD) },
  ],
  referrals: [{ institution: '광진구 법률상담실', program_id: LEGAL, status: 'proposed', note: null }],
  follow_ups: [{ due_on: '2026-04-19', action: '결과 확인 전화', done: false }],
  outcome: null,
  version: 1,
  updated_at: '2026-04-12T10:31:02',
};

const matchView = {
  merchant_id: 'm1',
  as_of: '2026-04-12',
  stage: { stage: 'startup', basis: { ko: '', en: '' }, overridden: false },
  questions: [],
  items: [
    {
      name: { ko: '광진구 소상공인 원스톱센터 법률 상담', en: 'Gwangjin legal advice' },
      kinds: ['legal'],
      source: 'bundled',
      group: 'eligible',
      match: snapshot(LEGAL),
      complete: true,
    },
  ],
};

function desk() {
  let versions: Consultation[] = [v1];
  const calls: [string, Record<string, unknown>][] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    switch (cmd) {
      case 'get_settings':
        return { counselor: '김상담', center: '', lang: 'ko' };
      case 'list_partners':
        return [];
      case 'match_merchant':
        return matchView;
      case 'merchant_consultations':
        return [versions[versions.length - 1]];
      case 'get_program':
        if (a.id === OLD) return { program: { id: OLD, name: { ko: '서울시 고용 장려금', en: 'Seoul hiring incentive' } } };
        throw { code: 'not_found', message: `program ${a.id}` };
      case 'update_consultation': {
        const input = a.input as Record<string, unknown>;
        const prev = versions[versions.length - 1];
        const next: Consultation = {
          ...prev,
          ...(input as object),
          programs: prev.programs,
          version: prev.version + 1,
          updated_at: '2026-04-12T11:00:00',
        } as Consultation;
        versions = [...versions, next];
        return next;
      }
      case 'consultation_versions':
        return versions;
      case 'answer_referral': {
        const prev = versions[versions.length - 1];
        const answer = a.answer as Record<string, unknown>;
        const next = { ...prev, version: prev.version + 1, referrals: [{ ...prev.referrals[0], ...answer }] } as Consultation;
        versions = [...versions, next];
        return next;
      }
      case 'set_referral_status': {
        const prev = versions[versions.length - 1];
        const next = { ...prev, version: prev.version + 1, referrals: [{ ...prev.referrals[0], status: a.status }] } as Consultation;
        versions = [...versions, next];
        return next;
      }
    }
    throw { code: 'unexpected', message: cmd };
  });
  return calls;
}

describe('a referral in the history', () => {
  it("records the partner's answer and result, a decline asking for its reason", async () => {
    const calls = desk();
    render(Consult, { merchant });
    const article = await screen.findByText('임대차 분쟁').then((p) => p.closest('article')!);
    // Choosing "declined" opens the answer form, which needs the reason; nothing is sent yet.
    const status = article.querySelector('[data-testid="referral-status"]') as HTMLSelectElement;
    await fireEvent.change(status, { target: { value: 'declined' } });
    const form = await screen.findByTestId('answer-form');
    expect(form.querySelector('input[name="decline_reason"]')).not.toBeNull();
    expect(calls.some(([c]) => c === 'set_referral_status' || c === 'answer_referral')).toBe(false);
    // Completed instead, with a guarantee of 3천만 원.
    await fireEvent.change(form.querySelector('select[name="answer_status"]')!, { target: { value: 'completed' } });
    await fireEvent.change(form.querySelector('select[name="result_kind"]')!, { target: { value: 'guarantee' } });
    await fireEvent.input(form.querySelector('input[name="result_amount"]')!, { target: { value: '3000만' } });
    await fireEvent.click(screen.getByTestId('save-answer'));
    await waitFor(() => expect(calls.some(([c]) => c === 'answer_referral')).toBe(true));
    const [, args] = calls.find(([c]) => c === 'answer_referral')!;
    expect(args).toMatchObject({ id: 'c1', index: 0, answer: { status: 'completed', result: { kind: 'guarantee', amount_krw: 30000000 } } });
    await waitFor(() => expect(screen.getByTestId('referral-result').textContent).toContain('보증 30,000,000원'));
  });
});

describe('the consultation history', () => {
  it('names programs and referral statuses in Korean, and shows dates as YYYY-MM-DD', async () => {
    desk();
    render(Consult, { merchant });
    const article = await screen.findByText('임대차 분쟁').then((p) => p.closest('article')!);
    await waitFor(() => expect(article.textContent).toContain('서울시 고용 장려금'));
    expect(article.textContent).toContain('광진구 소상공인 원스톱센터 법률 상담');
    expect(article.textContent).not.toContain(LEGAL);
    expect(article.textContent).not.toContain(OLD);
    const status = article.querySelector('[data-testid="referral-status"]') as HTMLSelectElement;
    expect([...status.options].map((o) => o.textContent)).toEqual(['안내함', '연계함', '접수됨', '완료', '거절됨']);
    expect(status.value).toBe('proposed');
    expect(article.textContent).not.toMatch(/\b(proposed|referred|accepted|completed|declined)\b/);
    expect(article.textContent).toContain('2026-04-12 10:30');
    expect(article.textContent).toContain('2026-04-19 결과 확인 전화');
    expect(article.textContent).toContain('버전 1');
    // No field the webview would draw in the process locale's order.
    expect(document.querySelector('input[type="date"], input[type="datetime-local"]')).toBeNull();
    expect((document.querySelector('input[name="at"]') as HTMLInputElement).placeholder).toBe('YYYY-MM-DD HH:MM');
  });

  it('edits a consultation in the form: a new version, the earlier kept and listed', async () => {
    const calls = desk();
    render(Consult, { merchant });
    await screen.findByText('임대차 분쟁');
    await fireEvent.click(screen.getByTestId('edit-consultation'));
    // The saved fields are in the form.
    await screen.findByTestId('editing-note');
    expect(screen.getByText('상담 기록 수정')).toBeTruthy();
    expect((document.querySelector('textarea[name="notes"]') as HTMLTextAreaElement).value).toBe('임대차 분쟁');
    expect((document.querySelector('input[name="at"]') as HTMLInputElement).value).toBe('2026-04-12 10:30');
    expect((document.querySelector('select[name="referral_status"]') as HTMLSelectElement).value).toBe('proposed');
    expect((document.querySelector('input[name="follow_up_due"]') as HTMLInputElement).value).toBe('2026-04-19');
    // A discussed program no longer offered stays ticked, by name.
    const old = document.querySelector(`input[type="checkbox"][value="${OLD}"]`) as HTMLInputElement;
    expect(old.checked).toBe(true);
    expect(old.closest('label')!.textContent).toContain('서울시 고용 장려금');

    await fireEvent.input(document.querySelector('input[name="outcome"]')!, { target: { value: '법률상담실 예약' } });
    await fireEvent.change(document.querySelector('select[name="referral_status"]')!, { target: { value: 'referred' } });
    await fireEvent.submit(screen.getByTestId('consult-form'));
    expect((await screen.findByTestId('consult-saved')).textContent).toBe('저장했습니다 (버전 2)');
    const update = calls.find(([c]) => c === 'update_consultation')!;
    expect(update[1].id).toBe('c1');
    expect(update[1].input).toMatchObject({
      merchant_id: 'm1',
      at: '2026-04-12T10:30:00',
      notes: '임대차 분쟁',
      outcome: '법률상담실 예약',
      program_ids: [LEGAL, OLD],
      referrals: [{ institution: '광진구 법률상담실', program_id: LEGAL, status: 'referred', note: null }],
      follow_ups: [{ due_on: '2026-04-19', action: '결과 확인 전화', done: false }],
    });
    expect(calls.some(([c]) => c === 'add_consultation')).toBe(false);
    // Back to a new consultation; the history shows version 2 and lists both.
    await waitFor(() => expect(screen.queryByTestId('editing-note')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('consultation-version').textContent).toBe('버전 2'));
    await fireEvent.click(screen.getByTestId('show-versions'));
    const list = await screen.findByTestId('versions');
    const rows = [...list.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['버전 2 2026-04-12 11:00:00 · 바뀐 항목: 연계 기관, 결과', '버전 1 2026-04-12 10:31:02 · 처음 저장']);
  });

  it('a date the field cannot read is said in Korean and marks the field invalid; year-first forms are taken', async () => {
    const calls = desk();
    render(Consult, { merchant });
    await screen.findByText('임대차 분쟁');
    await fireEvent.click(screen.getByTestId('add-follow-up'));
    const due = document.querySelector('input[name="follow_up_due"]') as HTMLInputElement;
    await fireEvent.input(due, { target: { value: '04/19/2026' } });
    await fireEvent.change(due);
    expect((await screen.findByRole('alert')).textContent).toBe('YYYY-MM-DD 형식으로 입력하세요 (예: 2026-04-12)');
    expect(due.validationMessage).toContain('YYYY-MM-DD');
    expect(due.getAttribute('aria-invalid')).toBe('true');
    // Year-first forms a counter writes are taken and shown as YYYY-MM-DD.
    await fireEvent.input(due, { target: { value: '2026.4.19' } });
    await fireEvent.change(due);
    expect(due.value).toBe('2026-04-19');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(calls.some(([c]) => c === 'add_consultation' || c === 'update_consultation')).toBe(false);
  });
});

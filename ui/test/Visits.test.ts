import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Visits from '../src/screens/Visits.svelte';
import { nav } from '../src/lib/nav.svelte';
import type { VisitItem } from '../src/bindings/VisitItem';

afterEach(() => {
  cleanup();
  clearMocks();
});

const planned: VisitItem['visit'] = {
  id: 'v1',
  merchant_id: null,
  prospect: '자양시장 반찬가게',
  on: '2026-12-08',
  time: '14:30:00',
  place: '자양전통시장',
  purpose: '경영 개선 방문 상담',
  counselor: '박상담',
  status: 'planned',
  consultation_id: null,
  version: 1,
  created_at: '2026-12-05T09:00:00',
  updated_at: '2026-12-05T09:00:00',
};

describe('the visits screen', () => {
  it("plans a visit to a prospect and records it as a consultation, then opens the merchant's history", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    let list: VisitItem[] = [{ visit: planned, merchant_name: null }];
    mockIPC((cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, a]);
      switch (cmd) {
        case 'visits_between':
          return list;
        case 'search':
          return [];
        case 'plan_visit':
          return { ...planned, id: 'v2' };
        case 'record_visit':
          list = [{ visit: { ...planned, status: 'done', merchant_id: 'm9' }, merchant_name: '자양시장 반찬가게' }];
          return { id: 'c9', merchant_id: 'm9' };
      }
      throw { code: 'unexpected', message: cmd };
    });
    render(Visits);
    const row = await waitFor(() => {
      const r = document.querySelector('[data-visit="v1"]');
      expect(r).not.toBeNull();
      return r!;
    });
    expect(row.textContent).toContain('14:30');
    expect(row.textContent).toContain('신규');
    expect(row.textContent).toContain('예정');

    // A plan for a new business.
    await fireEvent.input(document.querySelector('input[name="visit_whom"]')!, { target: { value: '화양동 세탁소' } });
    await fireEvent.input(document.querySelector('input[name="visit_time"]')!, { target: { value: '9:00' } });
    await fireEvent.input(document.querySelector('input[name="visit_place"]')!, { target: { value: '화양동 주민센터' } });
    await fireEvent.input(document.querySelector('input[name="visit_purpose"]')!, { target: { value: '정책자금 안내' } });
    await fireEvent.input(document.querySelector('input[name="visit_counselor"]')!, { target: { value: '박상담' } });
    await fireEvent.click(screen.getByTestId('plan-visit'));
    await waitFor(() => expect(calls.some(([c]) => c === 'plan_visit')).toBe(true));
    const input = calls.find(([c]) => c === 'plan_visit')![1].input as Record<string, unknown>;
    expect(input).toMatchObject({ merchant_id: null, prospect: '화양동 세탁소', time: '09:00:00', place: '화양동 주민센터' });

    // Recorded: the consultation is made from the plan, and the merchant's history opens.
    await fireEvent.click(screen.getByTestId('record-visit'));
    await fireEvent.input(document.querySelector('textarea[name="visit_notes"]')!, { target: { value: '배달 수수료 상담' } });
    await fireEvent.click(screen.getByTestId('save-visit-record'));
    await waitFor(() => expect(nav.route).toEqual({ screen: 'merchant', id: 'm9', tab: 'consult' }));
    const recorded = calls.find(([c]) => c === 'record_visit')![1];
    expect(recorded).toMatchObject({ id: 'v1', input: { notes: '배달 수수료 상담', channel: 'visit' } });
  });
});

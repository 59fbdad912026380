import { afterEach, describe, expect, it } from 'vitest';
import { blankReferral, changedParts, emptyConsultForm, formFromConsultation, inputFromForm } from '../src/lib/consultation';
import { referralStatusLabel, topicLabel, ui } from '../src/lib/i18n.svelte';
import type { Consultation } from '../src/bindings/Consultation';

afterEach(() => {
  ui.lang = 'ko';
});

const snapshot = {
  program_id: 'gwangjin-onestop-legal-advice',
  verdict: 'eligible' as const,
  window: 'open' as const,
  earliest_application_on: null,
  reasons: [],
  missing: [],
  to_confirm: [],
};

const saved: Consultation = {
  id: 'c1',
  merchant_id: 'm1',
  at: '2026-04-12T10:30:00',
  counselor: '김상담',
  channel: 'counter',
  place: null,
  topics: ['법률'],
  notes: '임대차 분쟁',
  programs: [{ program_id: 'gwangjin-onestop-legal-advice', snapshot }],
  referrals: [{ institution: '광진구 법률상담실', program_id: 'gwangjin-onestop-legal-advice', status: 'referred', note: '월요일 예약' }],
  follow_ups: [{ due_on: '2026-04-19', action: '결과 확인 전화', done: false }],
  outcome: null,
  version: 1,
  updated_at: '2026-04-12T10:31:02',
};

describe('the consultation form', () => {
  it('opens a saved consultation with every field, and sends it back unchanged', () => {
    const f = formFromConsultation(saved);
    expect(f.at).toBe('2026-04-12T10:30');
    expect(f.programIds).toEqual(['gwangjin-onestop-legal-advice']);
    expect(f.referrals).toEqual([
      {
        institution: '광진구 법률상담실',
        program_id: 'gwangjin-onestop-legal-advice',
        status: 'referred',
        note: '월요일 예약',
        partner_id: '',
        more: [],
        saved: saved.referrals[0],
      },
    ]);
    expect(inputFromForm('m1', f)).toEqual({
      merchant_id: 'm1',
      at: '2026-04-12T10:30:00',
      counselor: '김상담',
      channel: 'counter',
      place: null,
      topics: ['법률'],
      notes: '임대차 분쟁',
      program_ids: ['gwangjin-onestop-legal-advice'],
      referrals: [
        {
          institution: '광진구 법률상담실',
          program_id: 'gwangjin-onestop-legal-advice',
          status: 'referred',
          note: '월요일 예약',
          partner_id: null,
          more_programs: [],
        },
      ],
      follow_ups: [{ due_on: '2026-04-19', action: '결과 확인 전화', done: false }],
      outcome: null,
      referred_by: null,
    });
  });

  it("keeps a referral's partner, answer and result when the consultation is edited", () => {
    const answered: Consultation = {
      ...saved,
      referred_by: 'semas',
      referrals: [
        {
          institution: '서울신용보증재단',
          partner_id: 'seoul-credit-guarantee-foundation',
          program_id: null,
          status: 'completed',
          note: null,
          answered_on: '2026-11-09',
          result: { kind: 'guarantee', amount_krw: 30000000, on: '2026-11-20', note: null },
        },
      ],
    };
    const f = formFromConsultation(answered);
    f.notes = '메모 수정';
    // A second program named with the first.
    f.referrals[0].program_id = 'gwangjin-onestop-credit-guarantee';
    f.referrals[0].more = ['jongno-2022h2-sme-fund-loan', 'gwangjin-onestop-credit-guarantee'];
    const input = inputFromForm('m1', f);
    expect(input.referred_by).toBe('semas');
    expect(input.referrals[0]).toMatchObject({
      program_id: 'gwangjin-onestop-credit-guarantee',
      more_programs: ['jongno-2022h2-sme-fund-loan'],
      partner_id: 'seoul-credit-guarantee-foundation',
      answered_on: '2026-11-09',
      result: { kind: 'guarantee', amount_krw: 30000000, on: '2026-11-20' },
    });
  });

  it('leaves empty rows out and trims', () => {
    const f = emptyConsultForm(' 이상담 ', '2026-04-12T09:00');
    f.referrals.push({ ...blankReferral(), institution: '  ' });
    f.referrals.push({ ...blankReferral(), institution: ' 서울신용보증재단 ' });
    f.followUps.push({ due_on: '2026-04-20', action: '   ', done: false });
    f.outcome = '  ';
    const input = inputFromForm('m1', f);
    expect(input.counselor).toBe('이상담');
    expect(input.referrals).toEqual([
      { institution: '서울신용보증재단', program_id: null, status: 'proposed', note: null, partner_id: null, more_programs: [] },
    ]);
    expect(input.follow_ups).toEqual([]);
    expect(input.outcome).toBeNull();
  });

  it('tells what a version changed', () => {
    const v2: Consultation = {
      ...saved,
      version: 2,
      notes: '임대차 분쟁: 계약서 받음',
      referrals: [{ ...saved.referrals[0], status: 'accepted' }],
      outcome: '예약함',
    };
    expect(changedParts(saved, v2)).toEqual(['notes', 'referrals', 'outcome']);
    expect(changedParts(saved, { ...saved, version: 2, at: '2026-04-12T10:30:59' })).toEqual([]);
    expect(changedParts(saved, { ...saved, place: '' })).toEqual([]);
    expect(changedParts(saved, { ...saved, follow_ups: [{ ...saved.follow_ups[0], done: true }] })).toEqual(['follow_ups']);
  });
});

describe('referral statuses and topics', () => {
  it('are Korean words in the Korean interface, as the printed summary has them', () => {
    expect(['proposed', 'referred', 'accepted', 'completed', 'declined'].map(referralStatusLabel)).toEqual([
      '안내함',
      '연계함',
      '접수됨',
      '완료',
      '거절됨',
    ]);
    expect(topicLabel('법률')).toBe('법률');
    ui.lang = 'en';
    expect(referralStatusLabel('accepted')).toBe('accepted');
    expect(topicLabel('법률')).toBe('legal');
    expect(topicLabel('기타')).toBe('기타');
    expect(referralStatusLabel('someday')).toBe('someday');
  });
});

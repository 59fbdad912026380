import { describe, expect, it } from 'vitest';
import {
  conflictValueText,
  hubSignedIn,
  lastSyncedText,
  localDateTime,
  needsHubSignIn,
  progressText,
  reportText,
} from '../src/lib/syncFormat';
import type { SyncStatus } from '../src/bindings/SyncStatus';

const status: SyncStatus = {
  hub: 'https://hub.example.kr',
  login: 'desk1',
  center: '광진',
  role: 'staff',
  expires_at: '2026-02-01T00:00:00+00:00',
  last_synced: null,
  waiting: 2,
  catalogue_waiting: 0,
  conflicts: 0,
  set_aside: 0,
  catalogue_version: 0,
};

describe('the sync status line', () => {
  const now = new Date(2026, 0, 5, 12, 0, 0);
  it('says when the desk last synced, relative while recent', () => {
    expect(lastSyncedText(null, 'ko', now)).toBe('아직 동기화 안 함');
    expect(lastSyncedText(null, 'en', now)).toBe('never synced');
    expect(lastSyncedText('2026-01-05T11:59:40', 'ko', now)).toBe('방금');
    expect(lastSyncedText('2026-01-05T11:55:00', 'ko', now)).toBe('5분 전');
    expect(lastSyncedText('2026-01-05T11:55:00', 'en', now)).toBe('5 min ago');
    expect(lastSyncedText('2026-01-05T09:00:00', 'ko', now)).toBe('3시간 전');
    expect(lastSyncedText('2026-01-03T09:07:00', 'en', now)).toBe('2026-01-03 09:07');
  });
  it('shows an instant with its offset in local time', () => {
    const local = new Date(Date.UTC(2026, 0, 5, 12, 7));
    const p = (n: number) => String(n).padStart(2, '0');
    expect(localDateTime('2026-01-05T12:07:00+00:00')).toBe(
      `${local.getFullYear()}-${p(local.getMonth() + 1)}-${p(local.getDate())} ${p(local.getHours())}:${p(local.getMinutes())}`,
    );
    expect(localDateTime('not a date')).toBe('not a date');
  });
  it('knows when the desk is signed in to its hub', () => {
    const before = new Date('2026-01-20T00:00:00Z');
    expect(hubSignedIn(status, before)).toBe(true);
    expect(hubSignedIn(status, new Date('2026-02-02T00:00:00Z'))).toBe(false);
    expect(hubSignedIn({ ...status, expires_at: null }, before)).toBe(false);
    expect(hubSignedIn({ ...status, hub: null }, before)).toBe(false);
    expect(hubSignedIn(null, before)).toBe(false);
  });
  it('opens the hub sign-in only for a denial that asks for it', () => {
    expect(needsHubSignIn({ code: 'denied', message: 'not allowed: this desk is not signed in to a hub: sign in to the hub first' })).toBe(true);
    expect(needsHubSignIn({ code: 'denied', message: 'not allowed: the hub refused: only managers' })).toBe(false);
    expect(needsHubSignIn({ code: 'network', message: 'cannot reach the hub; sign in later' })).toBe(false);
  });
});

describe('progress and results', () => {
  it('describes each step', () => {
    expect(progressText(null, 'ko').text).toBe('허브에 연결 중…');
    expect(progressText({ step: 'pushing', done: 3, total: 10 }, 'en')).toEqual({ text: 'Sending 3/10', value: 3, max: 10 });
    expect(progressText({ step: 'pushing', done: 0, total: 0 }, 'ko').max).toBe(1);
    expect(progressText({ step: 'pulling', received: 7 }, 'ko').text).toBe('받는 중 (7건)');
    expect(progressText({ step: 'catalogue', version: 4 }, 'en').text).toBe('Taking catalogue version 4');
  });
  it('sums up a sync, naming only what happened', () => {
    const r = {
      pushed: 3, duplicates: 0, dropped_erased: 0, conflicted: 0, pulled: 5, set_aside: 0, catalogue_version: null, status,
    };
    expect(reportText(r, 'ko')).toBe('동기화 완료: 보냄 3건, 받음 5건');
    expect(reportText({ ...r, set_aside: 2 }, 'ko')).toBe('동기화 완료: 보냄 3건, 받음 5건, 읽을 수 없어 따로 둔 항목 2건');
    expect(reportText({ ...r, conflicted: 1, catalogue_version: 2 }, 'en')).toBe(
      'Synced: 3 sent, 5 received, 1 new conflict(s), catalogue version 2 taken',
    );
  });
});

describe('a conflicting value, readable', () => {
  it('shows empty, yes/no, numbers and money', () => {
    expect(conflictValueText('phone', null, 'ko')).toBe('비어 있음');
    expect(conflictValueText('phone', null, 'en')).toBe('empty');
    expect(conflictValueText('nonprofit', false, 'ko')).toBe('아니오');
    expect(conflictValueText('incubator_tenant', true, 'en')).toBe('Yes');
    expect(conflictValueText('full_time_workers', 12, 'ko')).toBe('12');
    expect(conflictValueText('annual_sales_krw', 320000000, 'ko')).toBe('320,000,000원');
  });
  it('names statuses and stages, and "no factory" for an empty factory district', () => {
    expect(conflictValueText('business_status', 'suspended', 'ko')).toBe('휴업');
    expect(conflictValueText('business_status', 'operating', 'en')).toBe('operating');
    expect(conflictValueText('stage', 'restart', 'ko')).toBe('재기');
    expect(conflictValueText('factory_district', '', 'ko')).toBe('등록 공장 없음');
    expect(conflictValueText('name', '광진 커피', 'en')).toBe('광진 커피');
  });
  it('lists new hires with their insurance', () => {
    const hires = [{ hired_on: '2026-01-16', employment_insurance: true }, { hired_on: '2026-02-01' }];
    expect(conflictValueText('new_hires', hires, 'ko')).toBe('2026-01-16 (고용보험 가입), 2026-02-01');
    expect(conflictValueText('new_hires', [], 'en')).toBe('None');
  });
});

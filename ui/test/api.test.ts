import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { activeConsent, api, ApiError, fileName, onChanged, onLocked } from '../src/lib/api';

afterEach(() => clearMocks());

describe('the IPC wrapper', () => {
  it('sends snake_case arguments to the named command', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { merchant_id: 'm1', as_of: '2023-05-02', stage: { stage: null, basis: { ko: '', en: '' }, overridden: false }, items: [], questions: [] };
    });
    const v = await api.matchMerchant('m1', '2023-05-02');
    expect(v.merchant_id).toBe('m1');
    expect(calls).toEqual([['match_merchant', { id: 'm1', as_of: '2023-05-02' }]]);
  });

  it('turns a {code, message} rejection into an ApiError', async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: 'invalid founded_on "2023-02-30": not a calendar date' };
    });
    const err = await api.addMerchant({ founded_on: '2023-02-30' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('founded_on');
  });

  it('shows the message in the screen language: Korean by default, English when set', async () => {
    const { ui } = await import('../src/lib/i18n.svelte');
    mockIPC(() => {
      throw {
        code: 'network',
        message: 'http://hub: cannot reach the hub (no network?); nothing is lost, sync again later',
        message_ko: 'http://hub: 허브에 연결할 수 없음 (네트워크 없음?); 잃은 것은 없으니 나중에 다시 동기화하십시오',
      };
    });
    ui.lang = 'ko';
    let err = await api.syncNow(() => {}).catch((e) => e);
    expect(err.message).toContain('허브에 연결할 수 없음');
    expect(err.english).toContain('cannot reach the hub');
    ui.lang = 'en';
    err = await api.syncNow(() => {}).catch((e) => e);
    expect(err.message).toContain('cannot reach the hub');
    ui.lang = 'ko';
  });
});

describe('changes to the desk', () => {
  it('tells every listener after a command that writes succeeds, not after a read or a failure', async () => {
    let fail = false;
    mockIPC(() => {
      if (fail) throw { code: 'invalid_input', message: 'no' };
      return null;
    });
    let heard = 0;
    const stop = onChanged(() => heard++);
    await api.getMerchant('m1');
    await api.saveSettings({} as never);
    expect(heard).toBe(0);
    await api.addConsultation({} as never);
    await api.resolveConflict('m1', 'phone', '02-1');
    expect(heard).toBe(2);
    fail = true;
    await api.eraseMerchant('m1').catch(() => {});
    expect(heard).toBe(2);
    stop();
    fail = false;
    await api.addMerchant({ name: 'a' });
    expect(heard).toBe(2);
  });
});

describe('signing in and personal data', () => {
  it('tells every listener when a command finds the desk locked, and still fails the call', async () => {
    mockIPC(() => {
      throw { code: 'locked', message: 'signed out: sign in to continue' };
    });
    const heard: string[] = [];
    const stop = onLocked((e) => heard.push(e.code));
    const err = await api.today('2026-01-05').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('locked');
    expect(heard).toEqual(['locked']);
    stop();
    await api.search('x').catch(() => {});
    expect(heard).toEqual(['locked']);
  });

  it('does not call other failures a lock', async () => {
    mockIPC(() => {
      throw { code: 'denied', message: 'wrong PIN or password for kim' };
    });
    const heard: string[] = [];
    const stop = onLocked((e) => heard.push(e.code));
    const err = await api.signIn('kim', '000000').catch((e) => e);
    expect(err.code).toBe('denied');
    expect(heard).toEqual([]);
    stop();
  });

  it('a failing listener does not replace the error', async () => {
    mockIPC(() => {
      throw { code: 'locked', message: 'signed out' };
    });
    const stop = onLocked(() => {
      throw new Error('listener broke');
    });
    const err = await api.listMerchants().catch((e) => e);
    expect(err.code).toBe('locked');
    stop();
  });

  it('sends the arguments the Rust commands name', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const consent = { given_on: '2026-01-05', form: '개인정보 수집·이용 동의서' };
    const first = { login: 'kim', name: '김관리', role: 'manager' as const, secret: '482913' };
    await api.addMerchant({ name: 'a' });
    await api.addMerchant({ name: 'a', phone: '02-1' }, consent);
    await api.updateMerchant('m1', { name: 'a' }, consent);
    await api.setUpDesk(first, null);
    await api.signIn('kim', '482913');
    await api.signIn('kim', '482913', '데스크 암호 문구');
    await api.addStaff({ ...first, login: 'lee', role: 'staff' });
    await api.setStaffPin('lee', '739215');
    await api.disableStaff('lee');
    await api.auditLog({ record_id: 'm1', staff: null, since: null, limit: 10 });
    await api.recordConsent('m1', consent);
    await api.withdrawConsent('m1', '2026-01-06');
    await api.exportMerchant('m1');
    await api.eraseMerchant('m1');
    await api.restoreBackup('onestop-20260105-120000.sqlite3');
    expect(calls).toEqual([
      ['add_merchant', { profile: { name: 'a' }, consent: null }],
      ['add_merchant', { profile: { name: 'a', phone: '02-1' }, consent }],
      ['update_merchant', { id: 'm1', profile: { name: 'a' }, consent }],
      ['set_up_desk', { first, passphrase: null }],
      ['sign_in', { login: 'kim', secret: '482913', passphrase: null }],
      ['sign_in', { login: 'kim', secret: '482913', passphrase: '데스크 암호 문구' }],
      ['add_staff', { new: { ...first, login: 'lee', role: 'staff' } }],
      ['set_staff_pin', { login: 'lee', secret: '739215' }],
      ['disable_staff', { login: 'lee' }],
      ['audit_log', { filter: { record_id: 'm1', staff: null, since: null, limit: 10 } }],
      ['record_consent', { merchant_id: 'm1', consent }],
      ['withdraw_consent', { merchant_id: 'm1', on: '2026-01-06' }],
      ['export_merchant', { merchant_id: 'm1' }],
      ['erase_merchant', { merchant_id: 'm1' }],
      ['restore_backup', { name: 'onestop-20260105-120000.sqlite3' }],
    ]);
  });

  it('finds the consent on record: the latest not withdrawn', () => {
    const c = (given_on: string, withdrawn_on: string | null) => ({
      given_on,
      form: 'f',
      recorded_by: 'kim',
      recorded_at: `${given_on}T10:00:00`,
      withdrawn_on,
    });
    expect(activeConsent([])).toBeNull();
    expect(activeConsent([c('2025-01-01', '2025-06-01')])).toBeNull();
    expect(activeConsent([c('2025-01-01', '2025-06-01'), c('2025-07-01', null)])?.given_on).toBe('2025-07-01');
  });

  it('names a file from its path', () => {
    expect(fileName('/data/backups/onestop-20260105.sqlite3')).toBe('onestop-20260105.sqlite3');
    expect(fileName('C:\\desk\\backups\\b.sqlite3')).toBe('b.sqlite3');
  });
});

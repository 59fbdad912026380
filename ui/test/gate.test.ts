import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from '../src/App.svelte';
import SignIn from '../src/screens/SignIn.svelte';
import { go, nav } from '../src/lib/nav.svelte';
import { session } from '../src/lib/session.svelte';
import { api } from '../src/lib/api';
import type { StaffMember } from '../src/bindings/StaffMember';

afterEach(() => {
  cleanup();
  clearMocks();
  go({ screen: 'today' });
  session.me = null;
  session.staff = [];
});

const kim: StaffMember = { login: 'kim', name: '김관리', role: 'manager', disabled: false };
const lee: StaffMember = { login: 'lee', name: '이상담', role: 'staff', disabled: false };
const park: StaffMember = { login: 'park', name: '박퇴사', role: 'staff', disabled: true };
const syncStatus = {
  hub: null, login: null, center: null, role: null, expires_at: null, last_synced: null,
  waiting: 0, catalogue_waiting: 0, conflicts: 0, set_aside: 0, catalogue_version: 0,
};
const todayView = { date: '2026-01-05', consultations: [], follow_ups: [], duties: [], visits: [], closing_soon: [], new_programs: 0 };

/** A fake desk: staff, who is signed in, and a switch that makes every data command fail locked. */
function desk(opts: { setUp: boolean; noKeystore?: boolean; passphraseNeeded?: boolean }) {
  const state = {
    staff: opts.setUp ? [kim, lee, park] : [],
    me: null as StaffMember | null,
    calls: [] as string[],
    args: {} as Record<string, unknown>,
  };
  mockIPC((cmd, args) => {
    state.calls.push(cmd);
    state.args[cmd] = args;
    const a = args as Record<string, never>;
    switch (cmd) {
      case 'session_state':
        return {
          set_up: state.staff.length > 0,
          staff: state.staff,
          signed_in: state.me,
          idle_lock_secs: 600,
          guard: state.staff.length > 0 ? 'passphrase' : null,
          passphrase_needed: !!opts.passphraseNeeded && !state.me,
          setup_needs_passphrase: !!opts.noKeystore,
        };
      case 'set_up_desk':
        state.staff = [{ ...kim, login: (a.first as { login: string }).login }];
        state.me = state.staff[0];
        return { member: state.me, recovery_code: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789' };
      case 'sign_in':
        if (opts.passphraseNeeded && a.passphrase !== '광진구 데스크 암호 문장')
          throw { code: 'denied', message: 'this desk needs its passphrase' };
        if (a.secret !== '482913') throw { code: 'denied', message: `wrong PIN or password for ${a.login}` };
        state.me = state.staff.find((m) => m.login === a.login) ?? null;
        return state.me;
      case 'sign_out':
        state.me = null;
        return null;
    }
    if (!state.me) throw { code: 'locked', message: 'signed out: sign in to continue' };
    if (cmd === 'get_settings') return { counselor: '', center: '', lang: 'ko' };
    if (cmd === 'today') return todayView;
    if (cmd === 'app_info') return { version: '0', data_file: '/x.sqlite3', development: true };
    if (cmd === 'list_backups') return [];
    if (cmd === 'audit_log') return [];
    if (cmd === 'sync_status') return syncStatus;
    throw { code: 'unexpected', message: cmd };
  });
  return state;
}

describe('the sign-in gate', () => {
  it('sets up the first manager on an empty desk, checking the PIN is typed twice', async () => {
    const d = desk({ setUp: false });
    render(App);
    const login = (await screen.findByTestId('setup-login')) as HTMLInputElement;
    await fireEvent.input(login, { target: { value: 'kim' } });
    await fireEvent.input(screen.getByTestId('setup-name'), { target: { value: '김관리' } });
    await fireEvent.input(screen.getByTestId('setup-pin'), { target: { value: '482913' } });
    await fireEvent.input(screen.getByTestId('setup-pin2'), { target: { value: '482914' } });
    await fireEvent.submit(screen.getByTestId('setup-form'));
    expect((await screen.findByTestId('setup-error')).textContent).toContain('두 PIN이 다릅니다');
    expect(d.calls).not.toContain('set_up_desk');
    await fireEvent.input(screen.getByTestId('setup-pin2'), { target: { value: '482913' } });
    expect(screen.queryByTestId('setup-passphrase')).toBeNull();
    await fireEvent.submit(screen.getByTestId('setup-form'));
    // The recovery code is shown once before the desk opens.
    expect((await screen.findByTestId('recovery-code')).textContent).toBe('ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789');
    expect(screen.queryByTestId('signed-in')).toBeNull();
    expect(d.args['set_up_desk']).toMatchObject({ passphrase: null });
    await fireEvent.click(screen.getByTestId('recovery-done'));
    expect((await screen.findByTestId('signed-in')).textContent).toBe('김관리');
    await screen.findByTestId('today-closing');
  });

  it('without an OS keystore the set-up asks for a desk passphrase twice', async () => {
    const d = desk({ setUp: false, noKeystore: true });
    render(App);
    await fireEvent.input(await screen.findByTestId('setup-login'), { target: { value: 'kim' } });
    await fireEvent.input(screen.getByTestId('setup-name'), { target: { value: '김관리' } });
    await fireEvent.input(screen.getByTestId('setup-pin'), { target: { value: '482913' } });
    await fireEvent.input(screen.getByTestId('setup-pin2'), { target: { value: '482913' } });
    expect(screen.getByTestId('setup-passphrase-note').textContent).toContain('키 저장소');
    await fireEvent.input(screen.getByTestId('setup-passphrase'), { target: { value: '광진구 데스크 암호 문장' } });
    await fireEvent.input(screen.getByTestId('setup-passphrase2'), { target: { value: '광진구 데스크 암호' } });
    await fireEvent.submit(screen.getByTestId('setup-form'));
    expect((await screen.findByTestId('setup-error')).textContent).toContain('두 암호 문구가 다릅니다');
    expect(d.calls).not.toContain('set_up_desk');
    await fireEvent.input(screen.getByTestId('setup-passphrase2'), { target: { value: '광진구 데스크 암호 문장' } });
    await fireEvent.submit(screen.getByTestId('setup-form'));
    await screen.findByTestId('recovery-code');
    expect(d.args['set_up_desk']).toMatchObject({ passphrase: '광진구 데스크 암호 문장' });
  });

  it('after a restart the sign-in asks for the desk passphrase and sends it', async () => {
    const d = desk({ setUp: true, passphraseNeeded: true });
    render(App);
    await fireEvent.click(await screen.findByTestId('signin-staff-kim'));
    await fireEvent.input(screen.getByTestId('signin-pin'), { target: { value: '482913' } });
    await fireEvent.input(screen.getByTestId('signin-passphrase'), { target: { value: '광진구 데스크 암호 문장' } });
    await fireEvent.submit(screen.getByTestId('signin-form'));
    await screen.findByTestId('today-closing');
    expect(d.args['sign_in']).toMatchObject({ login: 'kim', passphrase: '광진구 데스크 암호 문장' });
  });

  it('shows disabled staff but does not let them be picked; a wrong PIN shows the error', async () => {
    desk({ setUp: true });
    render(App);
    const parkChoice = (await screen.findByTestId('signin-staff-park')) as HTMLInputElement;
    expect(parkChoice.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('signin-staff-kim'));
    await fireEvent.input(screen.getByTestId('signin-pin'), { target: { value: '000000' } });
    await fireEvent.submit(screen.getByTestId('signin-form'));
    expect((await screen.findByTestId('signin-error')).textContent).toContain('wrong PIN');
    expect((screen.getByTestId('signin-pin') as HTMLInputElement).value).toBe('');
    expect(screen.queryByTestId('shell')).toBeNull();
  });

  it('a locked error from any screen brings the sign-in back; signing in again returns to that screen', async () => {
    const d = desk({ setUp: true });
    render(App);
    await fireEvent.click(await screen.findByTestId('signin-staff-kim'));
    await fireEvent.input(screen.getByTestId('signin-pin'), { target: { value: '482913' } });
    await fireEvent.submit(screen.getByTestId('signin-form'));
    await screen.findByTestId('today-closing');
    go({ screen: 'reports' });
    await screen.findByTestId('report-form');
    // Rust's own idle limit passed: the next command fails locked.
    d.me = null;
    await api.getSettings().catch(() => {});
    await screen.findByTestId('signin-form');
    expect(screen.getByTestId('shell').classList.contains('locked')).toBe(true);
    expect(screen.getByTestId('locked-note')).toBeTruthy();
    // The member who was signed in is picked already.
    expect((screen.getByTestId('signin-staff-kim') as HTMLInputElement).checked).toBe(true);
    await fireEvent.input(screen.getByTestId('signin-pin'), { target: { value: '482913' } });
    await fireEvent.submit(screen.getByTestId('signin-form'));
    await waitFor(() => expect(screen.queryByTestId('signin-form')).toBeNull());
    expect(nav.route.screen).toBe('reports');
    expect(screen.getByTestId('shell').classList.contains('locked')).toBe(false);
  });

  it('the Lock button signs out; someone else signing in starts on Today', async () => {
    const d = desk({ setUp: true });
    d.me = kim;
    render(App);
    await screen.findByTestId('today-closing');
    go({ screen: 'reports' });
    await fireEvent.click(await screen.findByTestId('lock'));
    await screen.findByTestId('signin-form');
    expect(d.calls).toContain('sign_out');
    await fireEvent.click(screen.getByTestId('signin-staff-lee'));
    await fireEvent.input(screen.getByTestId('signin-pin'), { target: { value: '482913' } });
    await fireEvent.submit(screen.getByTestId('signin-form'));
    await waitFor(() => expect(screen.getByTestId('signed-in').textContent).toBe('이상담'));
    expect(nav.route.screen).toBe('today');
  });
});

describe('the sign-in screen', () => {
  it('picks the only usable member and submits on Enter', async () => {
    const signedIn: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'sign_in') return { ...lee, login: (args as { login: string }).login };
      throw { code: 'unexpected', message: cmd };
    });
    render(SignIn, { staff: [park, lee], onsignedin: (m) => signedIn.push(m.login) });
    expect((screen.getByTestId('signin-staff-lee') as HTMLInputElement).checked).toBe(true);
    const pin = screen.getByTestId('signin-pin') as HTMLInputElement;
    await fireEvent.input(pin, { target: { value: '739215' } });
    // Enter in the PIN box submits the form.
    await fireEvent.submit(pin.form as HTMLFormElement);
    await waitFor(() => expect(signedIn).toEqual(['lee']));
  });
});

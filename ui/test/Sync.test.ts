import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Sync from '../src/screens/Sync.svelte';
import SyncControl from '../src/screens/SyncControl.svelte';
import { go, nav } from '../src/lib/nav.svelte';
import { session } from '../src/lib/session.svelte';
import { hub, resetSync } from '../src/lib/sync.svelte';
import type { SyncStatus } from '../src/bindings/SyncStatus';

afterEach(() => {
  cleanup();
  clearMocks();
  resetSync();
  go({ screen: 'today' });
  session.me = null;
});

const fresh: SyncStatus = {
  hub: null, login: null, center: null, role: null, expires_at: null, last_synced: null,
  waiting: 1, catalogue_waiting: 0, conflicts: 0, set_aside: 0, catalogue_version: 0,
};

describe('the sidebar sync control', () => {
  it('shows no hub and the changes waiting; a denial asking for sign-in opens the Sync screen', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'sync_status') return fresh;
      if (cmd === 'sync_now') throw { code: 'denied', message: 'not allowed: this desk is not signed in to a hub: sign in to the hub first' };
      throw { code: 'unexpected', message: cmd };
    });
    render(SyncControl);
    await screen.findByTestId('sync-no-hub');
    expect(screen.getByTestId('sync-waiting').dataset.count).toBe('1');
    expect(screen.getByTestId('sync-conflicts').classList.contains('alert')).toBe(false);
    await fireEvent.click(screen.getByTestId('sync-now'));
    expect((await screen.findByTestId('sync-error')).textContent).toContain('sign in to the hub');
    expect(nav.route).toEqual({ screen: 'sync', signIn: true });
    expect(calls).toContain('sync_now');
  });

  it('shows progress while syncing, the button disabled, then the new status', async () => {
    let finish: (v: unknown) => void = () => {};
    const signedIn = { ...fresh, hub: 'https://hub.example.kr', expires_at: '2999-01-01T00:00:00+00:00', conflicts: 2 };
    mockIPC((cmd, args) => {
      if (cmd === 'sync_status') return signedIn;
      if (cmd === 'sync_now') {
        const ch = (args as { on_progress: { id: number } }).on_progress;
        // The mock channel delivers through the window's callback registry.
        const cb = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, d: unknown) => void } }).__TAURI_INTERNALS__;
        cb.runCallback(ch.id, { message: { step: 'pushing', done: 0, total: 1 }, index: 0 });
        return new Promise((r) => (finish = r));
      }
      throw { code: 'unexpected', message: cmd };
    });
    render(SyncControl);
    await screen.findByTestId('sync-last');
    expect(screen.getByTestId('sync-conflicts').classList.contains('alert')).toBe(true);
    await fireEvent.click(screen.getByTestId('sync-now'));
    await waitFor(() => expect((screen.getByTestId('sync-now') as HTMLButtonElement).disabled).toBe(true));
    expect((await screen.findByTestId('sync-progress')).textContent).toBe('보내는 중 0/1');
    finish({ pushed: 1, duplicates: 0, dropped_erased: 0, conflicted: 0, pulled: 0, catalogue_version: null, status: { ...signedIn, waiting: 0 } });
    await waitFor(() => expect((screen.getByTestId('sync-now') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    expect(hub.report?.pushed).toBe(1);
  });
});

describe('the Sync screen', () => {
  it('shows how many pulled items were set aside', async () => {
    const aside = { ...fresh, hub: 'https://hub.example.kr', login: 'desk1', expires_at: '2999-01-01T00:00:00+00:00', set_aside: 2 };
    mockIPC((cmd) => {
      if (cmd === 'sync_status') return aside;
      if (cmd === 'sync_conflicts') return [];
      throw { code: 'unexpected', message: cmd };
    });
    render(Sync);
    const line = await screen.findByTestId('sync-screen-set-aside');
    expect(line.textContent?.trim()).toBe('따로 둔 항목 2건');
    expect(line.querySelector('.count')?.classList.contains('alert')).toBe(true);
  });

  it('signs in to a hub, showing the core\'s refusal of plain http', async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'sync_status') return fresh;
      if (cmd === 'sync_conflicts') return [];
      if (cmd === 'sync_sign_in') {
        sent.push(args);
        const a = args as { hub: string };
        if (a.hub.startsWith('http://example'))
          throw { code: 'invalid_input', message: 'invalid hub "http://example.com": use an https:// address (plain http only to this machine)' };
        return { ...fresh, hub: a.hub, login: 'desk1', role: 'manager', expires_at: '2999-01-01T00:00:00+00:00' };
      }
      throw { code: 'unexpected', message: cmd };
    });
    render(Sync, { signIn: true });
    await screen.findByTestId('sync-screen-no-hub');
    await fireEvent.input(screen.getByTestId('hub-url'), { target: { value: 'http://example.com' } });
    await fireEvent.input(screen.getByTestId('hub-login'), { target: { value: 'desk1' } });
    await fireEvent.input(screen.getByTestId('hub-password'), { target: { value: 'pw-123456' } });
    await fireEvent.submit(screen.getByTestId('hub-sign-in-form'));
    expect((await screen.findByTestId('hub-sign-in-error')).textContent).toContain('https://');
    expect((screen.getByTestId('hub-password') as HTMLInputElement).value).toBe(''); // the password is not kept
    await fireEvent.input(screen.getByTestId('hub-url'), { target: { value: 'https://hub.example.kr' } });
    await fireEvent.input(screen.getByTestId('hub-password'), { target: { value: 'pw-123456' } });
    await fireEvent.submit(screen.getByTestId('hub-sign-in-form'));
    await screen.findByTestId('hub-message');
    expect(screen.getByTestId('sync-hub').textContent).toBe('https://hub.example.kr');
    expect(screen.queryByTestId('hub-sign-in')).toBeNull();
    expect(sent[1]).toEqual({ hub: 'https://hub.example.kr', login: 'desk1', password: 'pw-123456' });
  });

  it('lists conflicts with readable values and keeps the one chosen; publishing is for managers', async () => {
    session.me = { login: 'lee', name: '이상담', role: 'staff', disabled: false };
    let conflicts = [
      { merchant_id: 'm1', merchant_name: '광진 커피', field: 'full_time_workers', values: [3, null] },
      { merchant_id: 'm1', merchant_name: '광진 커피', field: 'business_status', values: ['operating', 'suspended'] },
    ];
    const resolved: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'sync_status') return { ...fresh, conflicts: conflicts.length };
      if (cmd === 'sync_conflicts') return conflicts;
      if (cmd === 'resolve_conflict') {
        resolved.push(args);
        const a = args as { field: string };
        conflicts = conflicts.filter((c) => c.field !== a.field);
        return { id: 'm1', profile: {}, created_at: '', updated_at: '' };
      }
      throw { code: 'unexpected', message: cmd };
    });
    render(Sync);
    await screen.findByTestId('conflict-list');
    const values = screen.getAllByTestId('conflict-value').map((e) => e.textContent);
    expect(values).toEqual(['3', '비어 있음', '계속사업자', '휴업']);
    expect(screen.getAllByTestId('conflict-field').map((e) => e.textContent)).toEqual(['상시근로자 수', '영업 상태']);
    expect(screen.getByTestId('publish-managers-only')).toBeTruthy();
    await fireEvent.click(screen.getAllByTestId('keep-value')[1]);
    await screen.findByTestId('conflict-resolved');
    expect(resolved).toEqual([{ merchant_id: 'm1', field: 'full_time_workers', value: null }]);
    await waitFor(() => expect(screen.getAllByTestId('conflict-field').length).toBe(1));
  });
});

// The desk's sync with its hub, shared by the sidebar control and the Sync screen: the status,
// a sync running (its progress), its result or error.
import { api, ApiError } from './api';
import { go } from './nav.svelte';
import { needsHubSignIn } from './syncFormat';
import type { SyncProgress } from '../bindings/SyncProgress';
import type { SyncReport } from '../bindings/SyncReport';
import type { SyncStatus } from '../bindings/SyncStatus';

export const hub = $state<{
  status: SyncStatus | null;
  running: boolean;
  progress: SyncProgress | null;
  report: SyncReport | null;
  error: ApiError | null;
}>({ status: null, running: false, progress: null, report: null, error: null });

/** Read the status again. A failure keeps the last one (a lock is handled by the app). */
export async function refreshSync(): Promise<void> {
  try {
    hub.status = await api.syncStatus();
  } catch {
    // Signed out or locked: the shell is hidden; the next refresh reads it again.
  }
}

/** Sync now. When the hub wants this desk to sign in, the Sync screen opens on its form. */
export async function syncNow(): Promise<SyncReport | null> {
  if (hub.running) return null;
  hub.running = true;
  hub.progress = null;
  hub.report = null;
  hub.error = null;
  try {
    const report = await api.syncNow((p) => {
      hub.progress = p;
    });
    hub.report = report;
    hub.status = report.status;
    return report;
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError({ code: 'ipc', message: String(e), message_ko: `앱 내부 호출 실패: ${String(e)}` });
    hub.error = err;
    if (needsHubSignIn(err)) go({ screen: 'sync', signIn: true });
    return null;
  } finally {
    hub.running = false;
    hub.progress = null;
    await refreshSync();
  }
}

/** Forget what the last user saw (another member signs in). */
export function resetSync(): void {
  hub.status = null;
  hub.report = null;
  hub.error = null;
  hub.progress = null;
}

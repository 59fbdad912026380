// Which screen is showing. One place, so any screen can send the user elsewhere.
export type Route =
  | { screen: 'today' }
  | { screen: 'merchant'; id: string | null; tab: 'facts' | 'matches' | 'consult' | 'applications' }
  | { screen: 'catalogue'; programId: string | null }
  | { screen: 'reports' }
  /** Programs new since the last look and the merchants to call about them. */
  | { screen: 'calls' }
  /** Visit plans: the day's list, planning, recording a visit. */
  | { screen: 'visits' }
  /** `auditRecordId`: open the audit log filtered to one record. */
  | { screen: 'settings'; auditRecordId?: string | null }
  /** `signIn`: open the hub sign-in form (the hub asked for it). */
  | { screen: 'sync'; signIn?: boolean };

/** `notice`: a message for the next screen to show once (e.g. what an erasure removed). */
export const nav = $state<{ route: Route; notice: string | null }>({ route: { screen: 'today' }, notice: null });

export function go(route: Route, notice: string | null = null): void {
  nav.route = route;
  nav.notice = notice;
}

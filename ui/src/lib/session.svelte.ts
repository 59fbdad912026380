// Who is signed in, for any screen that needs to know (managers see more). App.svelte keeps it.
import type { StaffMember } from '../bindings/StaffMember';

export const session = $state<{ me: StaffMember | null; staff: StaffMember[] }>({ me: null, staff: [] });

export function isManager(): boolean {
  return session.me?.role === 'manager';
}

/** A staff member's name for a login, else the login itself (e.g. a member since removed). */
export function staffName(login: string): string {
  return session.staff.find((m) => m.login === login)?.name ?? login;
}

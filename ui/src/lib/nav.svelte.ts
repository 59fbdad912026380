// Which screen is showing. One place, so any screen can send the user elsewhere.
export type Route =
  | { screen: 'today' }
  | { screen: 'merchant'; id: string | null; tab: 'facts' | 'matches' | 'consult' }
  | { screen: 'catalogue'; programId: string | null }
  | { screen: 'reports' }
  | { screen: 'settings' };

export const nav = $state<{ route: Route }>({ route: { screen: 'today' } });

export function go(route: Route): void {
  nav.route = route;
}

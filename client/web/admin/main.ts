// The ops page at /admin: read-only tables of the platform's connections, consumer lag, dead
// letters and booking queue, refreshed every 2 s, for a signed-in admin (the app's session).
import { ClientError } from '../../sdk';
import type { PlatformApi } from '../../sdk/platform-api';
import type { ConnectionsReport, ConsumersReport, QueueDepth } from '../../sdk/admin-reports';
import { h } from '../app/dom';
import { serviceUrls } from '../app/service-urls';
import { SessionStore } from '../app/session';

const REFRESH_MS = 2_000;

type Cell = string | number | null;

/** A table with a header row; null cells (a consumer not created yet) show as a dash. */
function table(testId: string, head: string[], rows: Cell[][]): HTMLTableElement {
  const cells = (tag: 'th' | 'td', values: Cell[]) => h('tr', {}, ...values.map((value) => h(tag, { class: typeof value === 'string' ? undefined : 'num' }, value === null ? '–' : String(value))));
  return h('table', { 'data-testid': testId }, h('thead', {}, cells('th', head)), h('tbody', {}, ...rows.map((row) => cells('td', row))));
}

function panel(title: string, ...content: (Node | string)[]): HTMLElement {
  return h('section', { class: 'ops-panel' }, h('h2', {}, title), ...content);
}

function connectionsPanel(report: ConnectionsReport): HTMLElement {
  return panel(
    'Connections',
    h('p', { 'data-testid': 'connection-totals' }, `${report.total} connections, ${report.authenticated} signed in, on ${report.edges.length} edge(s)`),
    table('edges', ['edge', 'connections', 'signed in'], report.edges.map((e) => [e.edge_id, e.connections, e.authenticated])),
    h('h3', {}, 'Per room'),
    report.rooms.length ? table('rooms', ['room', 'connections'], report.rooms.map((r) => [r.room, r.connections])) : h('p', { 'data-testid': 'rooms' }, 'no room joined'),
  );
}

function consumersPanel(report: ConsumersReport): HTMLElement {
  return panel(
    'Consumers (core)',
    table('consumers', ['stream', 'durable', 'lag (pending)', 'unacknowledged', 'redelivered'], report.consumers.map((c) => [c.stream, c.durable, c.num_pending, c.num_ack_pending, c.num_redelivered])),
    h('h3', {}, 'Dead letters'),
    report.dead_letters.length ? table('dead-letters', ['source', 'messages'], report.dead_letters.map((d) => [d.source, d.count])) : h('p', { 'data-testid': 'dead-letters' }, 'none'),
  );
}

function queuePanel(depth: QueueDepth): HTMLElement {
  return panel('Booking queue (ticketing)', table('queue', ['queue', 'waiting', 'active', 'delayed', 'failed'], [[depth.queue, depth.waiting, depth.active, depth.delayed, depth.failed]]));
}

/** A panel whose service did not answer: the others still show. */
function failedPanel(title: string, error: unknown): HTMLElement {
  return panel(title, h('p', { class: 'status' }, error instanceof Error ? error.message : String(error)));
}

function signedOut(root: HTMLElement, why: string): void {
  root.replaceChildren(h('p', { class: 'ops-notice', 'data-testid': 'signed-out' }, `${why} `, h('a', { href: '/' }, 'Sign in'), ' with an admin account, then come back to /admin.'));
}

function refused(root: HTMLElement, username: string): void {
  root.replaceChildren(
    h('p', { class: 'ops-notice', 'data-testid': 'forbidden' }, `Admin role required: ${username} is not an admin. An operator can run `, h('code', {}, `npm run user:role -- ${username} admin`), '; sign in again afterwards.'),
  );
}

/** One round of the three reports; a refusal (401, 403) from any of them ends the page's refreshing. */
async function refresh(root: HTMLElement, store: SessionStore, api: PlatformApi): Promise<boolean> {
  await store.token(); // refreshes the access token before it runs out
  const [connections, consumers, queue] = await Promise.allSettled([api.adminConnections(), api.adminConsumers(), api.adminQueue()]);
  const refusal = [connections, consumers, queue].find((r) => r.status === 'rejected' && r.reason instanceof ClientError && (r.reason.code === 'forbidden' || r.reason.code === 'unauthorized'));
  if (refusal?.status === 'rejected') {
    if ((refusal.reason as ClientError).code === 'forbidden') refused(root, store.session!.username);
    else signedOut(root, 'Your session has ended.');
    return false;
  }
  root.replaceChildren(
    h('header', {}, h('h1', {}, 'Realtime platform: operations'), h('span', { 'data-testid': 'whoami' }, store.session!.username), h('time', { 'data-testid': 'last-updated' }, `last updated ${new Date().toLocaleTimeString()}`)),
    connections.status === 'fulfilled' ? connectionsPanel(connections.value) : failedPanel('Connections', connections.reason),
    consumers.status === 'fulfilled' ? consumersPanel(consumers.value) : failedPanel('Consumers (core)', consumers.reason),
    queue.status === 'fulfilled' ? queuePanel(queue.value) : failedPanel('Booking queue (ticketing)', queue.reason),
  );
  return true;
}

async function start(): Promise<void> {
  const root = document.querySelector<HTMLElement>('#admin')!;
  const store = new SessionStore(await serviceUrls());
  if (!store.session) return signedOut(root, 'Not signed in.');
  const api = store.api();
  const round = async () => {
    const goOn = await refresh(root, store, api).catch((error: unknown) => (root.replaceChildren(failedPanel('Operations', error)), true));
    if (goOn) setTimeout(round, REFRESH_MS);
  };
  await round();
}

void start();

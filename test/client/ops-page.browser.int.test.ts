/// <reference lib="dom" />
// The page-side callbacks (page.evaluate) run in the browser: they see the DOM.
import type { Page } from 'playwright-core';
import { chatNames } from '#contracts/chat/chat-subjects';
import { addAppEdge, launchChromium, signInToApp, type HeadlessChromium } from '../support/browser';
import { TicketingPlatform, type TestUser } from '../support/ticketing-harness';
import { WsTestClient } from '../support/ws-client';

jest.setTimeout(120_000);

/**
 * The ops page the edge serves at `/admin`, in headless Chromium, on the browser app's session:
 * an admin sees the platform's numbers change as they refresh; a user is told the admin role is
 * required; a visitor who is not signed in is sent to sign in.
 */
describe('the ops page in headless Chromium', () => {
  // No booking worker: a requested booking stays in the queue for the page to count.
  const platform = new TicketingPlatform({ BOOKING_WORKER: 'false' });
  let chromium: HeadlessChromium;
  let edge: string;
  const sockets: WsTestClient[] = [];

  beforeAll(async () => {
    await platform.start({ edges: 0 });
    edge = (await addAppEdge(platform)).baseUrl;
    chromium = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await chromium?.close();
    await platform.stop();
  });

  /** A visitor of its own (its own localStorage) signed in through the app at `/`, then at /admin. */
  async function opsPageOf(user: TestUser): Promise<Page> {
    const page = await (await chromium.browser.newContext()).newPage();
    await signInToApp(page, edge, user.username);
    await page.goto(`${edge}/admin`);
    return page;
  }

  const cellsOf = (page: Page, table: string) => page.$$eval(`[data-testid="${table}"] tbody tr`, (rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent)));

  it('shows an admin the connections, consumers, dead letters and booking queue, and their changes within a refresh', async () => {
    const [admin, buyer] = [await platform.admin(), await platform.user('buyer')];
    const room = await platform.room(buyer.token);
    sockets.push(await WsTestClient.connect(edge, buyer.token));
    await sockets[0].request('room:join', { room });
    const page = await opsPageOf(admin);

    await page.locator('[data-testid="connection-totals"]', { hasText: '1 connections, 1 signed in, on 1 edge(s)' }).waitFor();
    expect(await cellsOf(page, 'rooms')).toEqual([[room, '1']]);
    const consumers = await cellsOf(page, 'consumers');
    expect(consumers.map((row) => row[1])).toContain(chatNames(platform.prefix).chatConsumer);
    for (const row of consumers) expect(row.slice(2)).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
    expect(await cellsOf(page, 'queue')).toEqual([['booking', '0', '0', '0', '0']]);
    const firstUpdate = await page.getByTestId('last-updated').textContent();

    // What changes shows at the next refresh: a second socket in the room, and a booking waiting.
    sockets.push(await WsTestClient.connect(edge, admin.token));
    await sockets[1].request('room:join', { room });
    const event = await platform.event(admin, 2);
    const hold = await platform.api(buyer, 'POST', `/v1/events/${event.id}/holds`, { seat_ids: [event.seatIds[0]] });
    expect((await platform.api(buyer, 'POST', '/v1/bookings', { hold_id: hold.body.id })).status).toBe(202);
    await page.locator('[data-testid="connection-totals"]', { hasText: '2 connections, 2 signed in' }).waitFor({ timeout: 5_000 });
    await page.locator('[data-testid="queue"] td', { hasText: /^1$/ }).waitFor({ timeout: 5_000 });
    expect(await cellsOf(page, 'rooms')).toEqual([[room, '2']]);
    expect(await cellsOf(page, 'queue')).toEqual([['booking', '1', '0', '0', '0']]);
    expect(await page.getByTestId('last-updated').textContent()).not.toBe(firstUpdate);
    await chromium.screenshot(page, 'ops-admin');
  });

  it('tells a signed-in user without the admin role that it is required, and shows no numbers', async () => {
    const user = await platform.user('plain');
    const page = await opsPageOf(user);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('forbidden').textContent()).toContain(`Admin role required: ${user.username} is not an admin.`);
    expect(await page.locator('[data-testid="consumers"], [data-testid="edges"], [data-testid="queue"]').count()).toBe(0);
    await chromium.screenshot(page, 'ops-forbidden');
  });

  it('sends a visitor who is not signed in to sign in at /', async () => {
    const page = await (await chromium.browser.newContext()).newPage();
    await page.goto(`${edge}/admin`);
    await page.getByTestId('signed-out').waitFor();
    expect(await page.locator('[data-testid="signed-out"] a').getAttribute('href')).toBe('/');
    await chromium.screenshot(page, 'ops-signed-out');
  });
});

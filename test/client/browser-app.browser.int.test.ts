/// <reference lib="dom" />
// The page-side callbacks (page.evaluate) run in the browser: they see the DOM.
import type { Page } from 'playwright-core';
import { addAppEdge, launchChromium, signInToApp, type HeadlessChromium } from '../support/browser';
import { CuttableRelay } from '../support/cuttable-relay';
import { eventually } from '../support/eventually';
import { http } from '../support/auth-harness';
import { TicketingPlatform, type TestUser } from '../support/ticketing-harness';
import { uniqueId } from '../support/test-run';

jest.setTimeout(120_000);

/**
 * The browser app the edge serves at `/`, driven in headless Chromium: two people chat, one loses
 * the network and comes back to the messages it missed (no reload), a post reaches a follower's
 * feed, and a booking is confirmed while the other visitor sees the seat turn sold.
 */
describe('the browser app in headless Chromium', () => {
  const platform = new TicketingPlatform();
  let chromium: HeadlessChromium;
  let relay: CuttableRelay;
  /** The edge directly, and the same edge through a relay that can lose the network. */
  let direct: string;
  let flaky: string;

  beforeAll(async () => {
    await platform.start({ edges: 0 });
    const edge = await addAppEdge(platform);
    direct = edge.baseUrl;
    relay = new CuttableRelay(edge.httpPort);
    flaky = await relay.start();
    chromium = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await chromium?.close();
    await relay?.stop();
    await platform.stop();
  });

  /** A new visitor: a browser context of its own (its own localStorage, its own session). */
  async function visitor(): Promise<Page> {
    return (await chromium.browser.newContext()).newPage();
  }

  const bodies = (page: Page) => page.$$eval('[data-testid="messages"] li .body', (items) => items.map((item) => item.textContent));

  async function say(page: Page, text: string): Promise<void> {
    await page.getByTestId('composer').fill(text);
    await page.getByTestId('send').click();
  }

  async function openRoom(page: Page, room: string): Promise<void> {
    await page.locator(`[data-room="${room}"] button`).click();
    await page.locator('[data-testid="room-title"][data-ready="true"]', { hasText: room }).waitFor();
  }

  it('two visitors chat: live messages, typing, presence, read markers and a direct message', async () => {
    const bob = await platform.user('bob');
    const alicePage = await visitor();
    const aliceName = `alice_${uniqueId(4)}`;
    await signInToApp(alicePage, direct, aliceName, true);
    const aliceId = await alicePage.evaluate(() => (JSON.parse(localStorage.getItem('rt-session')!) as { userId: string }).userId);
    const room = `lobby-${uniqueId(4)}`;
    await alicePage.getByTestId('new-room-name').fill(room);
    await alicePage.getByTestId('new-room-name').press('Enter');
    await alicePage.locator('[data-testid="room-title"]', { hasText: room }).waitFor();

    const bobPage = await visitor();
    await signInToApp(bobPage, direct, bob.username);
    await openRoom(bobPage, room);
    await bobPage.locator('[data-testid="presence"]', { hasText: `user ${aliceId}` }).waitFor();

    await say(alicePage, 'hello bob');
    await bobPage.locator('[data-testid="messages"] li', { hasText: 'hello bob' }).waitFor();
    await bobPage.getByTestId('composer').pressSequentially('hi');
    await alicePage.locator('[data-testid="typing"]', { hasText: `user ${bob.id} is typing` }).waitFor();
    await bobPage.getByTestId('composer').fill('hi alice');
    await bobPage.getByTestId('send').click();
    await alicePage.locator('[data-testid="messages"] li', { hasText: 'hi alice' }).waitFor();
    expect(await bodies(alicePage)).toEqual(['hello bob', 'hi alice']);
    expect(await bodies(bobPage)).toEqual(['hello bob', 'hi alice']);
    await alicePage.locator('[data-testid="read-markers"]', { hasText: `user ${bob.id} up to #2` }).waitFor();
    await chromium.screenshot(alicePage, 'app-chat-alice');
    await chromium.screenshot(bobPage, 'app-chat-bob');

    // A direct message: alice opens the conversation by username; bob's list gains it, with an unread badge.
    const dm = `dm:${[aliceId, bob.id].sort((x, y) => Number(x) - Number(y)).join(':')}`;
    await eventually(async () => {
      await alicePage.getByTestId('dm-username').fill(bob.username);
      await alicePage.getByTestId('dm-username').press('Enter');
      return (await alicePage.getByTestId('room-title').textContent()) === dm || undefined;
    }, 15_000, 'the direct conversation open (once search has indexed bob)', 300);
    await say(alicePage, 'just between us');
    await bobPage.locator(`[data-testid="unread-${dm}"]`, { hasText: '1' }).waitFor({ timeout: 15_000 });
    await openRoom(bobPage, dm);
    await bobPage.locator('[data-testid="messages"] li', { hasText: 'just between us' }).waitFor();
    expect(await bodies(bobPage)).toEqual(['just between us']);
    await chromium.screenshot(bobPage, 'app-dm-bob');
  });

  it('scrolling up pages back through a long history, 50 messages at a time, in order', async () => {
    const alice = await platform.user('alice');
    const room = await platform.room(alice.token);
    for (let i = 1; i <= 120; i++) {
      const res = await http(direct, 'POST', `/v1/rooms/${room}/messages`, { body: `line ${i}`, client_msg_id: `h-${i}` }, { authorization: `Bearer ${alice.token}` });
      if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${res.text}`);
    }
    await eventually(async () => ((await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/${room}/messages?limit=1`, undefined, { authorization: `Bearer ${alice.token}` })).body.items[0]?.seq === 120 || undefined), 15_000, 'the 120 messages stored');
    const page = await visitor();
    await signInToApp(page, direct, alice.username);
    await openRoom(page, room);
    await page.locator('[data-testid="messages"] li[data-seq="71"]').waitFor();
    expect(await bodies(page)).toHaveLength(50);
    await page.locator('[data-testid="messages"]').evaluate((list) => list.scrollTo(0, 0));
    await page.locator('[data-testid="messages"] li[data-seq="21"]').waitFor();
    await page.getByTestId('older').click();
    await page.locator('[data-testid="messages"] li[data-seq="1"]').waitFor();
    expect(await bodies(page)).toEqual(Array.from({ length: 120 }, (_, i) => `line ${i + 1}`));
  });

  it('a visitor who loses the network sees what was said meanwhile when it comes back, without a reload', async () => {
    const [alice, bob] = [await platform.user('alice'), await platform.user('bob')];
    const room = await platform.room(alice.token);
    const alicePage = await visitor();
    await signInToApp(alicePage, direct, alice.username);
    await openRoom(alicePage, room);
    const bobPage = await visitor();
    await signInToApp(bobPage, flaky, bob.username);
    await openRoom(bobPage, room);
    await bobPage.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await say(alicePage, 'before');
    await bobPage.locator('[data-testid="messages"] li', { hasText: 'before' }).waitFor();

    relay.cut();
    await bobPage.locator('[data-testid="connection-state"][data-state="reconnecting"]').waitFor({ timeout: 15_000 });
    for (const text of ['missed 1', 'missed 2', 'missed 3']) await say(alicePage, text);
    await alicePage.locator('[data-testid="messages"] li', { hasText: 'missed 3' }).waitFor();
    await chromium.screenshot(bobPage, 'app-offline-bob');
    relay.restore();

    await bobPage.locator('[data-testid="connection-state"][data-state="open"]').waitFor({ timeout: 30_000 });
    await bobPage.locator('[data-testid="messages"] li', { hasText: 'missed 3' }).waitFor();
    expect(await bodies(bobPage)).toEqual(['before', 'missed 1', 'missed 2', 'missed 3']);
    expect(await bobPage.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await chromium.screenshot(bobPage, 'app-recovered-bob');
  });

  it('a post appears live in a follower\'s feed', async () => {
    const [author, fan] = [await platform.user('author'), await platform.user('fan')];
    const fanPage = await visitor();
    await signInToApp(fanPage, direct, fan.username);
    await fanPage.getByTestId('tab-feed').click();
    await eventually(async () => {
      await fanPage.getByTestId('follow-username').fill(author.username);
      await fanPage.getByTestId('follow').click();
      return (await fanPage.getByTestId('following').textContent())?.includes(author.username) || undefined;
    }, 15_000, 'following the author (once search has indexed the user)', 300);

    const authorPage = await visitor();
    await signInToApp(authorPage, direct, author.username);
    await authorPage.getByTestId('tab-feed').click();
    await authorPage.getByTestId('post-body').fill('fresh from the author');
    await authorPage.getByTestId('publish').click();
    await fanPage.locator('[data-testid="posts"] li', { hasText: 'fresh from the author' }).waitFor({ timeout: 15_000 });
    await chromium.screenshot(fanPage, 'app-feed-fan');
  });

  it('a booking shows its confirmation, and the other visitor sees the seat turn sold', async () => {
    const [organizer, buyer, watcher] = [await platform.user('org'), await platform.user('buyer'), await platform.user('watcher')];
    const event = await platform.event(organizer as TestUser, 12);
    await eventually(async () => ((await http(platform.cores[0].baseUrl, 'GET', `/v1/rooms/event:${event.id}/messages`, undefined, { authorization: `Bearer ${buyer.token}` })).status === 200 || undefined), 10_000, 'the event room');
    const seat = event.seatIds[3];
    const [buyerPage, watcherPage] = [await visitor(), await visitor()];
    for (const [page, user] of [[buyerPage, buyer], [watcherPage, watcher]] as const) {
      await signInToApp(page, direct, user.username);
      await page.getByTestId('tab-events').click();
      await page.locator(`[data-event-id="${event.id}"]`).click();
      await page.locator(`[data-seat-id="${seat}"][data-status="free"]`).waitFor();
    }
    await buyerPage.locator(`[data-seat-id="${seat}"]`).click();
    await buyerPage.getByTestId('hold').click();
    await watcherPage.locator(`[data-seat-id="${seat}"][data-status="held"]`).waitFor({ timeout: 15_000 });
    await buyerPage.getByTestId('book').click();
    await buyerPage.locator('[data-testid="pay"]:not([disabled])').waitFor({ timeout: 15_000 });
    await buyerPage.getByTestId('pay').click();
    await buyerPage.getByTestId('booking-confirmation').waitFor({ timeout: 15_000 });
    expect(await buyerPage.getByTestId('booking-confirmation').textContent()).toMatch(/Confirmed: \S+ · seats .+ · \d+\.\d{2} EUR/);
    await watcherPage.locator(`[data-seat-id="${seat}"][data-status="sold"]`).waitFor({ timeout: 15_000 });
    const log = await buyerPage.$$eval('[data-testid="booking-log"] li', (items) => items.map((item) => item.getAttribute('data-type')));
    expect(log).toEqual(expect.arrayContaining(['booking:processing', 'payment:success', 'booking:confirmed']));
    await chromium.screenshot(buyerPage, 'app-booking-buyer');
    await chromium.screenshot(watcherPage, 'app-booking-watcher');
  });
});

/// <reference lib="dom" />
// The page-side callbacks (page.evaluate) run in the browser: they see the DOM.
import type { Page } from 'playwright-core';
import { TestPlatform } from '../support/platform-harness';
import { eventually } from '../support/eventually';
import { launchChromium, type HeadlessChromium } from '../support/browser';
import { CuttableRelay } from '../support/cuttable-relay';
import { follow, postsStored, publishPost } from './support/feed-actions';

type User = { id: string; username: string; token: string };

interface SeenPost {
  lastEventId: string;
  description: string;
}

/**
 * The live feed read by a real browser: headless Chromium (Debian's package, driven by
 * playwright-core) opens GET /v1/feed/stream with the native `EventSource` and `?token=` (it
 * cannot send an Authorization header), receives a post, loses its connection, and resumes by
 * itself with `Last-Event-ID`: exactly the posts made while it was cut off, in order, none twice.
 */
describe('the live feed in headless Chromium (native EventSource)', () => {
  const platform = new TestPlatform();
  let chromium: HeadlessChromium;
  let relay: CuttableRelay;
  let origin: string;
  let core: string;

  const post = (author: User, body: string) => publishPost(platform.edges[0].baseUrl, author, body);
  const stored = (reader: User, ids: string[]) => postsStored(core, reader, ids);

  const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: SeenPost[] }).seen);

  beforeAll(async () => {
    await platform.start();
    core = platform.cores[0].baseUrl;
    relay = new CuttableRelay(platform.edges[0].httpPort);
    origin = await relay.start();
    chromium = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await chromium?.close();
    await relay?.stop();
    await platform.stop();
  });

  it('receives a followee\'s post, and after the connection is cut resumes with exactly the three posts it missed, in order', async () => {
    const [author, reader] = [await platform.user('author'), await platform.user('reader')];
    await follow(core, reader, author);

    const page = await (await chromium.browser.newContext()).newPage();
    // Any page of the edge's origin (through the relay) will do: the stream is same-origin.
    await page.goto(`${origin}/health`);
    await page.evaluate((token) => {
      const state = window as unknown as { seen: SeenPost[]; errors: number; opens: number };
      Object.assign(state, { seen: [], errors: 0, opens: 0 });
      const list = document.createElement('ol');
      document.body.replaceChildren(list);
      const source = new EventSource(`/v1/feed/stream?token=${encodeURIComponent(token)}`);
      source.addEventListener('open', () => state.opens++);
      source.addEventListener('error', () => state.errors++);
      source.addEventListener('post', (event) => {
        const message = event as MessageEvent<string>;
        const post = JSON.parse(message.data) as { description: string };
        state.seen.push({ lastEventId: message.lastEventId, description: post.description });
        list.append(Object.assign(document.createElement('li'), { textContent: `#${message.lastEventId} ${post.description}` }));
      });
    }, reader.token);
    await eventually(async () => ((await page.evaluate(() => (window as unknown as { opens: number }).opens)) === 1 ? true : undefined), 10_000, 'the stream open');

    await post(author, 'before the cut');
    await eventually(async () => ((await seen(page)).length === 1 ? true : undefined), 10_000, 'the first post in the browser');

    relay.cut();
    await eventually(async () => ((await page.evaluate(() => (window as unknown as { errors: number }).errors)) > 0 ? true : undefined), 10_000, 'the browser noticing the cut');
    const missed = [];
    for (const body of ['missed one', 'missed two', 'missed three']) missed.push(await post(author, body));
    await stored(reader, missed);
    const requestsBefore = relay.requests.length;
    relay.restore();

    // EventSource reconnects on its own after the stream's `retry:` (3 s), sending Last-Event-ID.
    await eventually(async () => ((await seen(page)).length >= 4 ? true : undefined), 20_000, 'the missed posts in the browser', 100);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const posts = await seen(page);
    expect(posts.map((p) => p.description)).toEqual(['before the cut', 'missed one', 'missed two', 'missed three']);
    const ids = posts.map((p) => Number(p.lastEventId));
    expect(ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1]))).toBe(true);
    const resumed = relay.requests.slice(requestsBefore).find((head) => head.startsWith('GET /v1/feed/stream'));
    expect(resumed).toMatch(new RegExp(`\\r\\nlast-event-id: ${ids[0]}\\r\\n`, 'i'));
    expect(await page.evaluate(() => (window as unknown as { opens: number }).opens)).toBe(2);
    await chromium.screenshot(page, 'feed-eventsource-resumed');

    // And live again after the resume.
    await post(author, 'after the resume');
    await eventually(async () => ((await seen(page)).length === 5 ? true : undefined), 10_000, 'a live post after the resume');
    expect((await seen(page))[4].description).toBe('after the resume');
  }, 90_000);
});

import type { FeedPost, RealtimeClient } from '../../sdk';
import type { PlatformApi } from '../../sdk/platform-api';
import { clock, h, report } from './dom';

/** The newsfeed: posts of the people one follows (live through post:created), posting, likes, follows. */
export class FeedView {
  readonly element = h('section', { class: 'feed', 'data-testid': 'feed' });
  private readonly list = h('ol', { class: 'posts', 'data-testid': 'posts' });
  private readonly posts = new Map<string, FeedPost>();
  private readonly following = h('p', { 'data-testid': 'following' });

  constructor(
    private readonly client: RealtimeClient,
    private readonly api: PlatformApi,
  ) {
    const body = h('textarea', { 'data-testid': 'post-body', placeholder: 'What is happening?', maxlength: 2000 });
    const post = h('form', { onsubmit: (event) => (event.preventDefault(), void this.publish(body)) }, body, h('button', { 'data-testid': 'publish' }, 'Post'));
    const who = h('input', { 'data-testid': 'follow-username', placeholder: 'username' });
    const follow = h('form', { onsubmit: (event) => (event.preventDefault(), void this.follow(who)) }, who, h('button', { 'data-testid': 'follow' }, 'Follow'));
    this.element.append(h('h2', {}, 'Feed'), post, follow, this.following, this.list);
    client.on('post:created', ({ payload }) => this.show(payload));
    client.on('feed:reset', () => void this.load());
  }

  async start(): Promise<void> {
    await this.client.subscribeFeed();
    await this.load();
  }

  private async load(): Promise<void> {
    const { items } = await this.api.feed();
    for (const post of items) this.show(post);
  }

  private async publish(body: HTMLTextAreaElement): Promise<void> {
    const text = body.value.trim();
    if (!text) return;
    try {
      await this.api.publishPost(text);
      body.value = '';
    } catch (error) {
      report(error);
    }
  }

  private async follow(input: HTMLInputElement): Promise<void> {
    try {
      const username = input.value.trim();
      const peer = (await this.api.searchUsers(username)).items.find((user) => user.username === username);
      if (!peer) throw new Error(`no user named ${username}`);
      await this.api.follow(peer.id, true);
      input.value = '';
      this.following.textContent = `following ${username}`;
    } catch (error) {
      report(error);
    }
  }

  private show(post: FeedPost): void {
    this.posts.set(post.id, post);
    const ordered = [...this.posts.values()].sort((a, b) => b.created_at.localeCompare(a.created_at));
    this.list.replaceChildren(...ordered.map((p) => this.item(p)));
  }

  private item(post: FeedPost): HTMLElement {
    const like = h('button', { 'data-testid': 'like', onclick: () => void this.like(post) }, `${post.is_liked ? '♥' : '♡'} ${post.likes_count}`);
    return h('li', { 'data-post-id': post.id }, h('span', { class: 'who' }, post.user.username), h('p', { class: 'body' }, post.description), h('time', {}, clock(post.created_at)), like);
  }

  private async like(post: FeedPost): Promise<void> {
    try {
      await this.api.like(post.id, !post.is_liked);
      this.show({ ...post, is_liked: !post.is_liked, likes_count: post.likes_count + (post.is_liked ? -1 : 1) });
    } catch (error) {
      report(error);
    }
  }
}

import type { RevocationNotice } from '#contracts/auth/revocation';
import { InMemoryRevocationPublisher } from './in-memory-revocation.publisher';

describe('InMemoryRevocationPublisher', () => {
  it('keeps every published notice, in order, for the test to inspect', async () => {
    const publisher = new InMemoryRevocationPublisher();
    const first: RevocationNotice = { user_id: '1', session_id: 's-1', reason: 'logout', revoked_at: '2026-01-01T00:00:00.000Z' };
    const second: RevocationNotice = { user_id: '2', token_id: 't-2', reason: 'revoked', revoked_at: '2026-01-01T00:00:01.000Z' };
    await publisher.publish(first);
    await publisher.publish(second);
    expect(publisher.events).toEqual([first, second]);
  });
});

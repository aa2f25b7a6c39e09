import { describeFeedClientContract } from '../../../application/ports/feed-client.contract';
import { InMemoryFeedClient } from './in-memory-feed.client';

let nextUser = 1;

describeFeedClientContract('InMemoryFeedClient', async () => {
  const client = new InMemoryFeedClient();
  return {
    client,
    users: async (count) => Array.from({ length: count }, () => String(nextUser++)),
    follow: async (follower, followee) => client.follow(follower, followee),
    unfollow: async (follower, followee) => client.unfollow(follower, followee),
    post: async (author, description) => client.store(author, description).seq,
  };
});

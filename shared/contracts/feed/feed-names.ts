/** NATS names of the newsfeed, behind NAME_PREFIX: stream FEED (`feed.>`), where the edge publishes posts and the core persists them. */
export function feedNames(prefix: string) {
  return {
    stream: `${prefix}FEED`,
    subjects: `${prefix}feed.>`,
    /** Where the edge publishes a new post. */
    postCreated: `${prefix}feed.post.created`,
    /** The core's durable consumer that stores posts. */
    postsConsumer: `${prefix}core-feed-posts`,
    /** Core NATS, to every edge: each stored post once (FeedDelivery), and each follow or unfollow (FollowChange). */
    deliverPost: `${prefix}deliver.feed.post`,
    deliverFollow: `${prefix}deliver.feed.follow`,
    /** Core NATS request/reply served by every core in one queue group (feed-api.ts). */
    coreFollowing: `${prefix}core.feed.following`,
    corePostsSince: `${prefix}core.feed.since`,
    coreQueue: `${prefix}core`,
  };
}

export type FeedNames = ReturnType<typeof feedNames>;

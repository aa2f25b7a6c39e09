/** NATS names of the newsfeed, behind NAME_PREFIX: stream FEED (`feed.>`), where the edge publishes posts and the core persists them. */
export function feedNames(prefix: string) {
  return {
    stream: `${prefix}FEED`,
    subjects: `${prefix}feed.>`,
    /** Where the edge publishes a new post. */
    postCreated: `${prefix}feed.post.created`,
    /** The core's durable consumer that stores posts. */
    postsConsumer: `${prefix}core-feed-posts`,
  };
}

export type FeedNames = ReturnType<typeof feedNames>;

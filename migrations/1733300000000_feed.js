/**
 * The newsfeed (the core's feed module): posts as the core stored them from stream FEED, likes,
 * and follows. `posts.feed_seq` numbers posts in the order the core stored them: the feed's
 * pages are keyset pages on it, newest first, so a post stored meanwhile never shifts a page.
 * The feed is read on demand (fan-out on read): the posts of the people a user follows, through
 * posts_author_feed_idx.
 */
exports.up = (pgm) => {
  pgm.sql(`
    CREATE TABLE posts (
      id           uuid        PRIMARY KEY,
      feed_seq     bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
      author_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      body         text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
      image_urls   text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(image_urls) <= 10),
      likes_count  integer     NOT NULL DEFAULT 0 CHECK (likes_count >= 0),
      created_at   timestamptz NOT NULL
    );
    CREATE INDEX posts_author_feed_idx ON posts (author_id, feed_seq DESC);

    CREATE TABLE post_likes (
      post_id    uuid        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
      user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (post_id, user_id)
    );

    CREATE TABLE follows (
      follower_id  bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      followee_id  bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      seq          bigint      GENERATED ALWAYS AS IDENTITY,
      created_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (follower_id, followee_id),
      CHECK (follower_id <> followee_id)
    );
    CREATE INDEX follows_followee_idx ON follows (followee_id, seq);
    CREATE INDEX follows_follower_seq_idx ON follows (follower_id, seq);
  `);
};

exports.down = (pgm) => {
  pgm.sql('DROP TABLE follows; DROP TABLE post_likes; DROP TABLE posts;');
};

/**
 * The search index of the core's search module (SEARCH_BACKEND=postgres): documents copied from
 * users, messages and ticketing's events by the indexing consumer, kept apart from the source
 * tables so that chat's hot path (the messages insert) carries no search index. Substring search
 * on username, email and phone uses pg_trgm GIN indexes on the lower-cased fields (LIKE
 * '%fragment%', with a 1-2 character query a username prefix on a btree); messages and events
 * are full text ('simple' configuration: every word counts, no stemming, as Elasticsearch's
 * standard analyzer does).
 */
exports.up = (pgm) => {
  pgm.sql(`
    -- In public, whatever schema this runs in (the test runs migrate a schema each), so every schema finds its operator classes.
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

    CREATE TABLE search_users (
      user_id      bigint PRIMARY KEY,
      username     text   NOT NULL,
      email        text   NOT NULL,
      phone        text,
      username_lc  text   GENERATED ALWAYS AS (lower(username)) STORED,
      email_lc     text   GENERATED ALWAYS AS (lower(email)) STORED,
      phone_lc     text   GENERATED ALWAYS AS (lower(phone)) STORED
    );
    CREATE INDEX search_users_username_trgm ON search_users USING gin (username_lc public.gin_trgm_ops);
    CREATE INDEX search_users_email_trgm ON search_users USING gin (email_lc public.gin_trgm_ops);
    CREATE INDEX search_users_phone_trgm ON search_users USING gin (phone_lc public.gin_trgm_ops);
    -- The 1-2 character prefix match (LIKE 'ab%'; text_pattern_ops, so it gives no ORDER BY order).
    CREATE INDEX search_users_username_order ON search_users (username_lc text_pattern_ops, user_id);

    CREATE TABLE search_messages (
      room        text        NOT NULL,
      seq         bigint      NOT NULL,
      message_id  uuid        NOT NULL,
      sender_id   bigint      NOT NULL,
      body        text        NOT NULL,
      visibility  text        NOT NULL,
      created_at  timestamptz NOT NULL,
      words       tsvector    GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
      PRIMARY KEY (room, seq)
    );
    CREATE INDEX search_messages_words ON search_messages USING gin (words);

    CREATE TABLE search_events (
      event_id      uuid        PRIMARY KEY,
      name          text        NOT NULL,
      venue         text,
      starts_at     timestamptz,
      organizer_id  bigint      NOT NULL,
      words         tsvector    GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || coalesce(venue, ''))) STORED
    );
    CREATE INDEX search_events_words ON search_events USING gin (words);
  `);
};

exports.down = (pgm) => {
  pgm.sql('DROP TABLE search_events; DROP TABLE search_messages; DROP TABLE search_users;');
};

/**
 * Messaging core (ws-consumer): rooms with a per-room sequence counter, members, messages and
 * read markers. `rooms.last_seq` is the only source of message sequence numbers: the consumer
 * locks the room rows of a batch, then numbers the batch from last_seq, so seq has no gaps
 * whatever the number of consumer processes.
 */
exports.up = (pgm) => {
  pgm.sql(`
    CREATE TABLE rooms (
      name        text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_:-]{0,63}$'),
      visibility  text        NOT NULL CHECK (visibility IN ('public', 'private', 'direct', 'event')),
      created_by  bigint      REFERENCES users (id) ON DELETE SET NULL,
      last_seq    bigint      NOT NULL DEFAULT 0,
      created_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE room_members (
      room      text        NOT NULL REFERENCES rooms (name) ON DELETE CASCADE,
      user_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (room, user_id)
    );
    CREATE INDEX room_members_user_idx ON room_members (user_id);

    CREATE TABLE messages (
      room          text        NOT NULL REFERENCES rooms (name) ON DELETE CASCADE,
      seq           bigint      NOT NULL,
      message_id    uuid        NOT NULL UNIQUE,
      sender_id     bigint      NOT NULL,
      body          text        NOT NULL CHECK (char_length(body) <= 4000),
      client_msg_id text        NOT NULL,
      -- <sender_id>:<client_msg_id>, the JetStream Nats-Msg-Id: a retried send is stored once.
      dedup_key     text        NOT NULL UNIQUE,
      stream_seq    bigint,
      created_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (room, seq)
    );

    CREATE TABLE read_markers (
      room       text        NOT NULL REFERENCES rooms (name) ON DELETE CASCADE,
      user_id    bigint      NOT NULL,
      seq        bigint      NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (room, user_id)
    );
  `);
};

exports.down = (pgm) => {
  pgm.sql('DROP TABLE read_markers; DROP TABLE messages; DROP TABLE room_members; DROP TABLE rooms;');
};

/**
 * Accounts and refresh tokens of the auth service.
 * User ids are a sequence (decimal strings in the API) so that DM room names `dm:<a>:<b>` stay
 * within the 64-character room-name limit. Uniqueness is case-insensitive for username and email.
 */
exports.up = (pgm) => {
  pgm.sql(`
    CREATE TABLE users (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username      text        NOT NULL CHECK (char_length(username) BETWEEN 3 AND 32),
      email         text        NOT NULL CHECK (char_length(email) <= 254),
      phone         text        CHECK (char_length(phone) <= 16),
      password_hash text        NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_username_key ON users (lower(username));
    CREATE UNIQUE INDEX users_email_key ON users (lower(email));
    CREATE UNIQUE INDEX users_phone_key ON users (phone) WHERE phone IS NOT NULL;

    CREATE TABLE refresh_tokens (
      token_hash text        PRIMARY KEY,
      user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      session_id uuid        NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      rotated_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
    CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
  `);
};

exports.down = (pgm) => {
  pgm.sql('DROP TABLE refresh_tokens; DROP TABLE users;');
};

/**
 * Roles: every account is a `user`; `admin` may read the ops endpoints (`/v1/admin/*`) and the
 * ops page at /admin. Set with `npm run user:role -- <username> <admin|user>`. Access tokens
 * carry the role as a claim, so a change takes effect with the user's next token.
 */
exports.up = (pgm) => {
  pgm.sql(`ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'user' CONSTRAINT users_role_check CHECK (role IN ('user', 'admin'))`);
};

exports.down = (pgm) => {
  pgm.sql('ALTER TABLE users DROP COLUMN role');
};

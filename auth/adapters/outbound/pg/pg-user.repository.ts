import type { Pool } from 'pg';
import { z } from 'zod';
import { uniqueViolation } from '#kernel/pg/pg-pool';
import { takenError } from '../../../domain/auth.errors';
import { ROLES, type NewUser, type Role, type User } from '../../../domain/user.entity';
import type { UserRepositoryPort } from '../../../application/ports/user-repository.port';

const UserRow = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  password_hash: z.string(),
  role: z.enum(ROLES),
  created_at: z.date(),
});

const COLUMNS = 'id::text AS id, username, email, phone, password_hash, role, created_at';

/** Which account field each unique index guards. */
const TAKEN_FIELD: Record<string, 'username' | 'email' | 'phone'> = { users_username_key: 'username', users_email_key: 'email', users_phone_key: 'phone' };

function toUser(row: unknown): User {
  const r = UserRow.parse(row);
  return { id: r.id, username: r.username, email: r.email, phone: r.phone, passwordHash: r.password_hash, role: r.role, createdAt: r.created_at };
}

export class PgUserRepository implements UserRepositoryPort {
  constructor(private readonly pool: Pool) {}

  async create(user: NewUser): Promise<User> {
    try {
      const { rows } = await this.pool.query(
        `INSERT INTO users (username, email, phone, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [user.username, user.email, user.phone, user.passwordHash],
      );
      return toUser(rows[0]);
    } catch (error) {
      const violation = uniqueViolation(error);
      const field = violation && TAKEN_FIELD[violation.constraint];
      if (field) throw takenError(field);
      throw error;
    }
  }

  async findByLogin(login: { username?: string; email?: string }): Promise<User | null> {
    const { rows } = login.username !== undefined
      ? await this.pool.query(`SELECT ${COLUMNS} FROM users WHERE lower(username) = lower($1)`, [login.username])
      : await this.pool.query(`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1)`, [login.email ?? '']);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findById(id: string): Promise<User | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async setRole(username: string, role: Role): Promise<User | null> {
    const { rows } = await this.pool.query(`UPDATE users SET role = $2 WHERE lower(username) = lower($1) RETURNING ${COLUMNS}`, [username, role]);
    return rows[0] ? toUser(rows[0]) : null;
  }
}

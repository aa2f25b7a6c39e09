import { AuthError } from './auth.errors';

/** What an account may do beyond using the platform: `admin` also reads the ops endpoints. */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The role named by an operator; AUTH.UNKNOWN_ROLE for any other word. */
export function parseRole(name: string): Role {
  const role = ROLES.find((known) => known === name);
  if (!role) throw new AuthError('AUTH.UNKNOWN_ROLE', `unknown role "${name}": expected ${ROLES.join(' or ')}`, { role: name });
  return role;
}

/** A registered account. Ids are decimal strings of a database sequence (short enough for `dm:<a>:<b>` rooms). */
export interface User {
  id: string;
  username: string;
  email: string;
  phone: string | null;
  passwordHash: string;
  role: Role;
  createdAt: Date;
}

/** Every account starts as a `user`; an operator makes admins (`npm run user:role`). */
export type NewUser = Omit<User, 'id' | 'createdAt' | 'role'>;

/** What clients may see of a user: never the password hash. */
export interface PublicUser {
  id: string;
  username: string;
  email: string;
  phone: string | null;
  created_at: string;
}

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, username: user.username, email: user.email, phone: user.phone, created_at: user.createdAt.toISOString() };
}

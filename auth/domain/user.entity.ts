/** A registered account. Ids are decimal strings of a database sequence (short enough for `dm:<a>:<b>` rooms). */
export interface User {
  id: string;
  username: string;
  email: string;
  phone: string | null;
  passwordHash: string;
  createdAt: Date;
}

export type NewUser = Omit<User, 'id' | 'createdAt'>;

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

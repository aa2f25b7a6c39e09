import type { NewUser, Role, User } from '../../domain/user.entity';

export interface UserRepositoryPort {
  /** Inserts a user; throws AuthError AUTH.{USERNAME,EMAIL,PHONE}_TAKEN when a unique key is hit. */
  create(user: NewUser): Promise<User>;
  /** Finds by username or email, case-insensitively; null when absent. */
  findByLogin(login: { username?: string; email?: string }): Promise<User | null>;
  /** Finds by id; null when absent. */
  findById(id: string): Promise<User | null>;
  /** Gives the user (by username, case-insensitively) the role; the updated user, or null when there is no such user. */
  setRole(username: string, role: Role): Promise<User | null>;
}

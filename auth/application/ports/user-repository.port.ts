import type { NewUser, User } from '../../domain/user.entity';

export interface UserRepositoryPort {
  /** Inserts a user; throws AuthError AUTH.{USERNAME,EMAIL,PHONE}_TAKEN when a unique key is hit. */
  create(user: NewUser): Promise<User>;
  /** Finds by username or email, case-insensitively; null when absent. */
  findByLogin(login: { username?: string; email?: string }): Promise<User | null>;
  /** Finds by id; null when absent. */
  findById(id: string): Promise<User | null>;
}

import { takenError } from '../../../domain/auth.errors';
import type { NewUser, Role, User } from '../../../domain/user.entity';
import type { UserRepositoryPort } from '../../../application/ports/user-repository.port';

/** The fake of PgUserRepository for use-case tests; passing the same contract suite keeps it from drifting. */
export class InMemoryUserRepository implements UserRepositoryPort {
  private readonly users: User[] = [];
  private nextId = 1;

  async create(user: NewUser): Promise<User> {
    const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
    for (const field of ['username', 'email', 'phone'] as const) if (this.users.some((u) => same(u[field], user[field]))) throw takenError(field);
    const created: User = { ...user, id: String(this.nextId++), role: 'user', createdAt: new Date() };
    this.users.push(created);
    return created;
  }

  async findByLogin(login: { username?: string; email?: string }): Promise<User | null> {
    const wanted = (login.username ?? login.email ?? '').toLowerCase();
    const field = login.username !== undefined ? 'username' : 'email';
    return this.users.find((u) => u[field].toLowerCase() === wanted) ?? null;
  }

  async findById(id: string): Promise<User | null> {
    return this.users.find((u) => u.id === id) ?? null;
  }

  async setRole(username: string, role: Role): Promise<User | null> {
    const user = await this.findByLogin({ username });
    if (user) user.role = role;
    return user;
  }
}

import { inject, injectable } from 'tsyringe';
import { toPublicUser, type PublicUser } from '../../../domain/user.entity';
import type { UserRepositoryPort } from '../../ports/user-repository.port';
import type { PasswordHasherPort } from '../../ports/password-hasher.port';
import type { UserEventsPublisherPort } from '../../ports/user-events-publisher.port';
import { PASSWORD_HASHER, USER_EVENTS_PUBLISHER, USER_REPOSITORY } from '../../../tokens';
import type { RegisterRequest } from './register.schema';

/** Creates an account and announces it (search indexes it). Uniqueness is the database's job, so concurrent sign-ups cannot both win. */
@injectable()
export class RegisterUseCase {
  constructor(
    @inject(USER_REPOSITORY) private readonly users: UserRepositoryPort,
    @inject(PASSWORD_HASHER) private readonly hasher: PasswordHasherPort,
    @inject(USER_EVENTS_PUBLISHER) private readonly events: UserEventsPublisherPort,
  ) {}

  async run(request: RegisterRequest): Promise<PublicUser> {
    const passwordHash = await this.hasher.hash(request.password);
    const user = await this.users.create({
      username: request.username,
      email: request.email.toLowerCase(),
      phone: request.phone ?? null,
      passwordHash,
    });
    await this.events.registered(user);
    return toPublicUser(user);
  }
}

import { inject, injectable } from 'tsyringe';
import type { CoreClientPort } from '../../ports/core-client.port';
import { actingUser, type Session } from '../../session';
import { CORE_CLIENT } from '../../../tokens';

/** `message:read`: the core stores the read marker (never backwards) and announces it to the room. */
@injectable()
export class MarkReadUseCase {
  constructor(@inject(CORE_CLIENT) private readonly core: CoreClientPort) {}

  run(session: Session, request: { room: string; seq: number }): Promise<{ room: string; seq: number }> {
    return this.core.markRead({ ...request, userId: actingUser(session) });
  }
}

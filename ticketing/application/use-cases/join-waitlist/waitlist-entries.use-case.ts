import { inject, injectable } from 'tsyringe';
import { TicketingError } from '../../../domain/ticketing.errors';
import type { WaitlistRepositoryPort } from '../../ports/waitlist-repository.port';
import { toWaitlistView, type WaitlistView } from '../../views';
import { WAITLIST_REPOSITORY } from '../../../tokens';

/** The caller's own waiting-list entries: listing them, and leaving a list. */
@injectable()
export class WaitlistEntriesUseCase {
  constructor(@inject(WAITLIST_REPOSITORY) private readonly waitlist: WaitlistRepositoryPort) {}

  async list(userId: string): Promise<{ items: WaitlistView[] }> {
    return { items: (await this.waitlist.listByUser(userId, 100)).map(toWaitlistView) };
  }

  async leave(userId: string, entryId: string): Promise<WaitlistView> {
    const left = await this.waitlist.leave(entryId, userId);
    if (!left) throw new TicketingError('WAITLIST.NOT_FOUND', 'no such entry of yours on a waiting list (or it was offered seats already)');
    return toWaitlistView(left);
  }
}

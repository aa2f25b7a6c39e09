import { inject, injectable } from 'tsyringe';
import type { IncomingMessage } from '../../../domain/message.entity';
import type { MessageStorePort, PersistOutcome } from '../../ports/message-store.port';
import type { DeliveryPublisherPort } from '../../ports/delivery-publisher.port';
import { DELIVERY_PUBLISHER, MESSAGE_STORE } from '../../../tokens';

/**
 * Stores a batch from the stream, then announces it. Duplicates are announced again: the first
 * announcement may have been lost with a crashed process, and edges drop a seq they already
 * delivered, so a client still sees each message once.
 */
@injectable()
export class PersistMessagesUseCase {
  constructor(
    @inject(MESSAGE_STORE) private readonly store: MessageStorePort,
    @inject(DELIVERY_PUBLISHER) private readonly delivery: DeliveryPublisherPort,
  ) {}

  async run(messages: IncomingMessage[]): Promise<PersistOutcome> {
    const outcome = await this.store.persistBatch(messages);
    await this.delivery.messages([...outcome.stored, ...outcome.duplicates]);
    return outcome;
  }
}

import { inject, injectable } from 'tsyringe';
import type { CoreClientPort } from '../../ports/core-client.port';
import { LocalRooms } from '../../local-rooms';
import { CORE_CLIENT } from '../../../tokens';

/** Entries per presence refresh message (keeps each under NATS' 1 MB limit). */
const PRESENCE_CHUNK = 2_000;

/** Renews the presence leases of every session in a room here, so the presence of an edge that died expires. Run every WS_PONG_TIMEOUT / 2. */
@injectable()
export class RefreshPresenceUseCase {
  constructor(
    @inject(CORE_CLIENT) private readonly core: CoreClientPort,
    private readonly rooms: LocalRooms,
  ) {}

  run(): void {
    const entries = this.rooms.presenceEntries();
    for (let i = 0; i < entries.length; i += PRESENCE_CHUNK) this.core.refreshPresence(entries.slice(i, i + PRESENCE_CHUNK));
  }
}

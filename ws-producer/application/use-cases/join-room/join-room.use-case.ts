import { inject, injectable } from 'tsyringe';
import { messageNewFrame } from '#contracts/chat/chat-payloads';
import { Delivery } from '../../../domain/delivery';
import type { CoreClientPort, JoinAnswer } from '../../ports/core-client.port';
import type { EdgeSettings } from '../../edge-settings';
import { LocalRooms } from '../../local-rooms';
import type { Session } from '../../session';
import { LeaveRoomUseCase } from '../leave-room/leave-room.use-case';
import { CORE_CLIENT, EDGE_SETTINGS } from '../../../tokens';

export interface JoinRequest {
  room: string;
  /** The last seq the client has; the answer carries every message after it (recovery). */
  since_seq?: number;
}

/**
 * Joins a session to a room, with recovery, by Centrifugo's rule: follow the room first, then ask
 * the core (which checks read access) for its last seq and, with since_seq, the missed messages;
 * write that answer; then write what arrived meanwhile with a seq after it. No gap, no duplicate.
 */
@injectable()
export class JoinRoomUseCase {
  constructor(
    @inject(CORE_CLIENT) private readonly core: CoreClientPort,
    @inject(EDGE_SETTINGS) private readonly settings: EdgeSettings,
    private readonly rooms: LocalRooms,
    private readonly leave: LeaveRoomUseCase,
  ) {}

  /** Joins and calls `answer` with the granted join before any live message of the room is written. */
  async run(session: Session, request: JoinRequest, answer: (granted: JoinAnswer) => void): Promise<void> {
    const { room } = request;
    // A join of a room already joined is a recovery: start over from the client's since_seq.
    if (session.rooms.has(room)) this.leave.run(session, room, true);
    const channel = await this.rooms.enter(room);
    if (session.closed) throw new Error('session closed during join');
    const membership = channel.add(session);
    let granted: JoinAnswer;
    try {
      granted = await this.core.join({ room, userId: session.userId, connectionId: session.id, sinceSeq: request.since_seq, recoveryMax: this.settings.recoveryMax });
      if (session.closed || !channel.holds(session, membership)) throw new Error('session left during join');
      channel.start(granted.last_seq);
      const missed = channel.missedBy(session, granted.last_seq);
      if (missed) {
        const fetched = await this.core.history({ room, userId: session.userId, afterSeq: missed.after, upToSeq: missed.upTo });
        if (session.closed || !channel.holds(session, membership)) throw new Error('session left during join');
        channel.prepend(session, fetched.map((m) => new Delivery(messageNewFrame(m), m.seq)));
      }
      session.rooms.add(room);
    } catch (error) {
      if (channel.holds(session, membership)) this.rooms.remove(channel, session);
      throw error;
    }
    answer(granted);
    channel.activate(session, granted.last_seq);
  }
}

import type { RawData } from 'ws';
import type { Logger } from '#kernel/logging/logger';
import { PublicError, type ErrorTranslator } from '#kernel/errors/error-kind';
import { toPublicError } from '#kernel/errors/infrastructure-errors';
import { parseOrThrow } from '#kernel/errors/validation';
import { ClientPayloads, EnvelopeSchema as Envelope } from '#contracts/chat/ws-frames';
import { actingUser } from '../../../application/session';
import type { EdgeTelemetryPort } from '../../../application/ports/edge-telemetry.port';
import type { SignInUseCase } from '../../../application/use-cases/sign-in/sign-in.use-case';
import type { JoinRoomUseCase } from '../../../application/use-cases/join-room/join-room.use-case';
import type { LeaveRoomUseCase } from '../../../application/use-cases/leave-room/leave-room.use-case';
import type { SendMessageUseCase } from '../../../application/use-cases/send-message/send-message.use-case';
import type { SendTypingUseCase } from '../../../application/use-cases/send-typing/send-typing.use-case';
import type { MarkReadUseCase } from '../../../application/use-cases/mark-read/mark-read.use-case';
import type { SubscribeFeedUseCase } from '../../../application/use-cases/subscribe-feed/subscribe-feed.use-case';
import type { UnsubscribeFeedUseCase } from '../../../application/use-cases/unsubscribe-feed/unsubscribe-feed.use-case';
import { SendMessagePayloadSchema } from '../../../application/use-cases/send-message/send-message.schema';
import type { WsConnection } from './ws.connection';

const CLIENT_TYPES = new Set(['system:ping', 'auth', 'auth:refresh', 'room:join', 'room:leave', 'message:send', 'message:typing', 'message:read', 'feed:subscribe', 'feed:unsubscribe']);

/** Frames that change what later frames may do: handled one at a time, in order (OrderedCommands). */
const ORDERED_TYPES = new Set(['auth', 'auth:refresh', 'room:join', 'room:leave', 'feed:subscribe', 'feed:unsubscribe']);

export interface FrameUseCases {
  signIn: SignInUseCase;
  joinRoom: JoinRoomUseCase;
  leaveRoom: LeaveRoomUseCase;
  sendMessage: SendMessageUseCase;
  sendTyping: SendTypingUseCase;
  markRead: MarkReadUseCase;
  subscribeFeed: SubscribeFeedUseCase;
  unsubscribeFeed: UnsubscribeFeedUseCase;
}

export interface FrameHandlerOptions {
  /** WS_PING_INTERVAL in ms, announced in `system:connected`. */
  heartbeatMs: number;
  translateError: ErrorTranslator;
  telemetry: EdgeTelemetryPort;
  logger: Logger;
  /** Tracks in-flight commands so shutdown can drain them. */
  track: <T>(work: Promise<T>) => Promise<T>;
}

/**
 * The `id` of a refused frame: its envelope's own `id`, whatever the payload holds and however
 * it is escaped. Parsing costs what accepting the frame would; a client that floods is closed
 * after RATE_CLOSE_STREAK refusals anyway.
 */
function envelopeId(data: RawData): string | undefined {
  try {
    const id = (JSON.parse((Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString()) as { id?: unknown })?.id;
    return typeof id === 'string' && id.length <= 64 ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Client frames: validates each (zod), turns it into a use case call and the result into an
 * answer. A malformed frame gets an error frame and never closes the socket by itself; every
 * frame with an `id` gets exactly one answer with that id.
 */
export class WsFrameHandler {
  constructor(
    private readonly useCases: FrameUseCases,
    private readonly options: FrameHandlerOptions,
  ) {}

  async handle(connection: WsConnection, data: RawData, isBinary: boolean): Promise<void> {
    const verdict = connection.rate.admit(Date.now());
    if (verdict !== 'allow') return this.refuseForRate(connection, data, isBinary, verdict === 'close');
    if (isBinary) return connection.fail(undefined, 'bad_request', 'binary frames are not supported; send JSON text');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      return connection.fail(undefined, 'bad_request', 'frame is not valid JSON');
    }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) return connection.fail(typeof (json as { id?: unknown })?.id === 'string' ? (json as { id: string }).id : undefined, 'bad_request', 'a frame is {"type": string, "id"?: string, "payload"?: object}');
    const { type, id, payload } = envelope.data;
    // Only known types become label values: clients must not grow the metrics without bound.
    this.options.telemetry.received(CLIENT_TYPES.has(type) ? type : 'other');
    try {
      await this.options.track(this.inOrder(connection, type, () => this.dispatch(connection, type, id, payload ?? {})));
    } catch (error) {
      this.answerError(connection, id, error, type);
    }
  }

  private inOrder(connection: WsConnection, type: string, work: () => Promise<void>): Promise<void> {
    if (type === 'system:ping') return work();
    return ORDERED_TYPES.has(type) ? connection.commands.ordered(work) : connection.commands.after(work);
  }

  private async dispatch(connection: WsConnection, type: string, id: string | undefined, payload: unknown): Promise<void> {
    if (type === 'system:ping') return void connection.sendFrame('system:pong', {}, id);
    if (type === 'auth' || type === 'auth:refresh') return this.authenticate(connection, id, parseOrThrow(ClientPayloads.auth, payload, 'payload').token);
    if (!connection.principal && !connection.guest) throw new PublicError('unauthorized', 'authenticate first: {"type":"auth","payload":{"token":"…"}}');
    switch (type) {
      case 'room:join':
        await this.useCases.joinRoom.run(connection, parseOrThrow(ClientPayloads.join, payload, 'payload'), (granted) => connection.reply(id, granted));
        return connection.joinGranted();
      case 'room:leave': {
        const { room } = parseOrThrow(ClientPayloads.room, payload, 'payload');
        this.useCases.leaveRoom.run(connection, room);
        return connection.reply(id, { room });
      }
      case 'message:send': {
        const input = parseOrThrow(SendMessagePayloadSchema, payload, 'payload');
        const receipt = await this.useCases.sendMessage.run(actingUser(connection), input);
        return connection.reply(id, { message_id: receipt.message_id, client_msg_id: receipt.client_msg_id, stream_seq: receipt.stream_seq });
      }
      case 'message:typing': {
        const { room } = parseOrThrow(ClientPayloads.room, payload, 'payload');
        await this.useCases.sendTyping.run(connection, room);
        return connection.reply(id, { room });
      }
      case 'message:read':
        return connection.reply(id, await this.useCases.markRead.run(connection, parseOrThrow(ClientPayloads.read, payload, 'payload')));
      case 'feed:subscribe': {
        // The ok comes first; then the missed posts (or feed:reset), then live post:created frames.
        const { last_seq } = parseOrThrow(ClientPayloads.feed, payload, 'payload');
        return this.useCases.subscribeFeed.run(connection, { after_seq: last_seq }, () => connection.reply(id, {}));
      }
      case 'feed:unsubscribe':
        this.useCases.unsubscribeFeed.run(connection);
        return connection.reply(id, {});
      default:
        throw new PublicError('bad_request', `unknown frame type ${JSON.stringify(type)}`);
    }
  }

  private async authenticate(connection: WsConnection, id: string | undefined, token: string): Promise<void> {
    const signedIn = await this.useCases.signIn.run(connection, token);
    if (!signedIn) return; // closed while the token was being checked
    if (signedIn.first) connection.greet(this.options.heartbeatMs);
    connection.reply(id, { user_id: signedIn.principal.userId, expires_at: signedIn.principal.expiresAt });
  }

  private refuseForRate(connection: WsConnection, data: RawData, isBinary: boolean, close: boolean): void {
    this.options.telemetry.error('rate_limited');
    if (close) return connection.end('rate_limited', 'rate limit exceeded');
    connection.fail(isBinary ? undefined : envelopeId(data), 'rate_limited', 'too many frames; slow down');
  }

  private answerError(connection: WsConnection, id: string | undefined, error: unknown, type: string): void {
    const known = toPublicError(error, this.options.translateError);
    if (!known) this.options.logger.error({ err: error, type }, 'unexpected error handling a frame');
    const kind = known?.kind ?? 'internal';
    this.options.telemetry.error(kind);
    connection.fail(id, kind, known?.message ?? 'internal error');
    if (kind === 'forbidden' && type === 'room:join' && connection.forbiddenJoin()) connection.end('forbidden', 'repeated forbidden joins');
    if (kind === 'unauthorized' && (type === 'auth' || type === 'auth:refresh') && !connection.principal) connection.end('unauthorized', 'invalid token');
  }
}

import type { RawData } from 'ws';
import { z } from 'zod';
import type { Logger } from '#kernel/logging/logger';
import { PublicError, type ErrorTranslator } from '#kernel/errors/error-kind';
import { toPublicError } from '#kernel/errors/infrastructure-errors';
import { parseOrThrow } from '#kernel/errors/validation';
import { RoomNameSchema } from '#contracts/chat/rooms';
import { EdgeError } from '../../../domain/edge.errors';
import type { CoreClientPort } from '../../../application/ports/core-client.port';
import type { TokenVerifierPort } from '../../../application/ports/token-verifier.port';
import type { SendMessageUseCase } from '../../../application/use-cases/send-message/send-message.use-case';
import { SendMessagePayloadSchema } from '../../../application/use-cases/send-message/send-message.schema';
import { CLOSE, type Connection } from './connection';
import type { RoomHub } from './room-hub';
import type { EdgeMetrics } from './edge-metrics';

const Envelope = z.object({ type: z.string().min(1).max(64), id: z.string().max(64).optional(), payload: z.record(z.string(), z.unknown()).optional() });
const Payloads = {
  auth: z.object({ token: z.string().min(1).max(8192) }),
  join: z.object({ room: RoomNameSchema, since_seq: z.number().int().min(0).optional() }),
  room: z.object({ room: RoomNameSchema }),
  read: z.object({ room: RoomNameSchema, seq: z.number().int().min(0) }),
};

const CLIENT_TYPES = new Set(['system:ping', 'auth', 'auth:refresh', 'room:join', 'room:leave', 'message:send', 'message:typing', 'message:read']);

/** Frames that change what later frames may do: handled one at a time, in order. */
const ORDERED_TYPES = new Set(['auth', 'auth:refresh', 'room:join', 'room:leave']);

/** Consecutive refused frames after which the socket is closed with 4029. */
const RATE_CLOSE_STREAK = 50;
/** Forbidden joins after which the socket is closed with 4003 (one alone gets an error frame). */
const FORBIDDEN_CLOSE_AFTER = 3;

export interface FrameHandlerDeps {
  hub: RoomHub;
  core: CoreClientPort;
  verifier: TokenVerifierPort;
  sendMessage: SendMessageUseCase;
  /** Publishes an ephemeral frame to a room (typing). */
  publishToRoom: (room: string, type: string, payload: object) => void;
  translateError: ErrorTranslator;
  metrics: EdgeMetrics;
  logger: Logger;
  /** Called when a socket authenticates (first auth frame), to greet it and track the user. */
  onAuthenticated: (connection: Connection) => void;
  /** Tracks in-flight commands so shutdown can drain them. */
  track: <T>(work: Promise<T>) => Promise<T>;
}

/**
 * The `id` of a refused frame without parsing it (a flood must stay cheap): a frame with an id
 * still gets exactly one answer with that id.
 */
function cheapId(data: RawData): string | undefined {
  const head = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).subarray(0, 512).toString();
  return /"id"\s*:\s*"([^"\\]{1,64})"/.exec(head)?.[1];
}

/**
 * Validates and answers client frames. A malformed frame gets an error frame and never closes the
 * socket by itself; every frame with an `id` gets exactly one answer with that id.
 */
export class FrameHandler {
  constructor(private readonly deps: FrameHandlerDeps) {}

  async handle(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    if (!connection.allowFrame()) return this.refuseForRate(connection, data, isBinary);
    connection.rateViolations = 0;
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
    this.deps.metrics.received.inc({ type: CLIENT_TYPES.has(type) ? type : 'other' });
    try {
      await this.deps.track(this.inOrder(connection, type, () => this.dispatch(connection, type, id, payload)));
    } catch (error) {
      this.answerError(connection, id, error, type);
    }
  }

  /**
   * Frames run concurrently (sends pipeline), except that auth, join and leave run one at a time
   * and every later frame waits for them: `auth` then `room:join` then `message:send` just works.
   */
  private async inOrder(connection: Connection, type: string, work: () => Promise<void>): Promise<void> {
    if (type === 'system:ping') return work();
    if (!ORDERED_TYPES.has(type)) {
      if (connection.orderedInFlight > 0) await connection.barrier;
      return work();
    }
    connection.orderedInFlight++;
    const run = connection.barrier.then(work).finally(() => connection.orderedInFlight--);
    connection.barrier = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async dispatch(connection: Connection, type: string, id: string | undefined, payload: unknown): Promise<void> {
    if (type === 'system:ping') return void connection.sendFrame('system:pong', {}, id);
    if (type === 'auth' || type === 'auth:refresh') return this.authenticate(connection, id, parseOrThrow(Payloads.auth, payload ?? {}, 'payload').token);
    if (!connection.principal && !connection.guest) throw new PublicError('unauthorized', 'authenticate first: {"type":"auth","payload":{"token":"…"}}');
    switch (type) {
      case 'room:join':
        return this.join(connection, id, parseOrThrow(Payloads.join, payload ?? {}, 'payload'));
      case 'room:leave': {
        const { room } = parseOrThrow(Payloads.room, payload ?? {}, 'payload');
        this.deps.hub.leave(connection, room);
        return connection.reply(id, { room });
      }
      case 'message:send': {
        const input = parseOrThrow(SendMessagePayloadSchema, payload ?? {}, 'payload');
        const receipt = await this.deps.sendMessage.run(this.signedIn(connection), input);
        return connection.reply(id, { message_id: receipt.message_id, client_msg_id: receipt.client_msg_id, stream_seq: receipt.stream_seq });
      }
      case 'message:typing': {
        const { room } = parseOrThrow(Payloads.room, payload ?? {}, 'payload');
        const userId = this.signedIn(connection);
        if (!connection.rooms.has(room)) throw new EdgeError('ROOM.NOT_JOINED', `join ${room} first`);
        // Typing is writing: the core's rule (cached) decides, so nobody types into a read-only room.
        await this.deps.core.authorize(room, userId);
        this.deps.publishToRoom(room, 'message:typing', { room, user_id: userId });
        return connection.reply(id, { room });
      }
      case 'message:read': {
        const request = parseOrThrow(Payloads.read, payload ?? {}, 'payload');
        return connection.reply(id, await this.deps.core.markRead({ ...request, userId: this.signedIn(connection) }));
      }
      default:
        throw new PublicError('bad_request', `unknown frame type ${JSON.stringify(type)}`);
    }
  }

  private async join(connection: Connection, id: string | undefined, request: { room: string; since_seq?: number }): Promise<void> {
    if (connection.rooms.has(request.room)) this.deps.hub.leave(connection, request.room, true);
    const answer = await this.deps.hub.join(connection, request.room, request.since_seq);
    connection.forbiddenAttempts = 0;
    connection.reply(id, answer);
    this.deps.hub.activate(connection, request.room, answer.last_seq);
  }

  private async authenticate(connection: Connection, id: string | undefined, token: string): Promise<void> {
    const principal = await this.deps.verifier.verify(token);
    if (connection.closed) return; // closed while the token was being checked: nothing to set up
    if (connection.principal && connection.principal.userId !== principal.userId) throw new EdgeError('AUTH.USER_MISMATCH', 'a refresh must be for the same user');
    const first = !connection.principal;
    connection.signIn(principal);
    if (first) this.deps.onAuthenticated(connection);
    connection.reply(id, { user_id: principal.userId, expires_at: principal.expiresAt });
  }

  private signedIn(connection: Connection): string {
    if (connection.userId === null) throw new EdgeError('AUTH.GUEST_READ_ONLY', 'guests may only read public rooms');
    return connection.userId;
  }

  private refuseForRate(connection: Connection, data: RawData, isBinary: boolean): void {
    connection.rateViolations++;
    this.deps.metrics.errors.inc({ type: 'rate_limited' });
    if (connection.rateViolations >= RATE_CLOSE_STREAK) return connection.close(CLOSE.rateLimited, 'rate limit exceeded');
    connection.fail(isBinary ? undefined : cheapId(data), 'rate_limited', 'too many frames; slow down');
  }

  private answerError(connection: Connection, id: string | undefined, error: unknown, type: string): void {
    const known = toPublicError(error, this.deps.translateError);
    if (!known) this.deps.logger.error({ err: error, type }, 'unexpected error handling a frame');
    const kind = known?.kind ?? 'internal';
    this.deps.metrics.errors.inc({ type: kind });
    connection.fail(id, kind, known?.message ?? 'internal error');
    if (kind === 'forbidden' && type === 'room:join' && ++connection.forbiddenAttempts >= FORBIDDEN_CLOSE_AFTER) connection.close(CLOSE.forbidden, 'repeated forbidden joins');
    if (kind === 'unauthorized' && (type === 'auth' || type === 'auth:refresh') && !connection.principal) connection.close(CLOSE.unauthorized, 'invalid token');
  }
}

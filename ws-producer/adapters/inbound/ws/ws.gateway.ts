import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '#kernel/logging/logger';
import { PublicError } from '#kernel/errors/error-kind';
import { bearerToken } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import type { EdgeTelemetryPort } from '../../../application/ports/edge-telemetry.port';
import type { LocalSessions } from '../../../application/local-sessions';
import type { SignInUseCase } from '../../../application/use-cases/sign-in/sign-in.use-case';
import type { CloseSessionUseCase } from '../../../application/use-cases/close-session/close-session.use-case';
import { WsConnection, type ConnectionLimits } from './ws.connection';
import type { WsFrameHandler } from './ws-frame.handler';

export interface GatewayOptions {
  /** WS_MAX_FRAME_BYTES: larger frames close the socket with 1009. */
  maxFrameBytes: number;
  /** WS_ALLOW_ANONYMOUS: admit read-only guests without a token. */
  allowAnonymous: boolean;
  /** WS_PING_INTERVAL in ms. */
  pingIntervalMs: number;
  /** WS_PONG_TIMEOUT in ms: a socket silent this long is dropped. */
  pongTimeoutMs: number;
  /** WS_AUTH_TIMEOUT: how long a socket without a token may take to send its `auth` frame (5 s). */
  authTimeoutMs: number;
  limits: ConnectionLimits;
}

export interface GatewayUseCases {
  signIn: SignInUseCase;
  closeSession: CloseSessionUseCase;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ error: { code: reason, message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * The WebSocket endpoint `/v1/ws`: authenticates during the upgrade where a token is given
 * (header or `?token=`), otherwise waits for a first `auth` frame; runs the heartbeat; drains on
 * shutdown. Frames go to the frame handler.
 */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private heartbeat: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(
    private readonly options: GatewayOptions,
    private readonly useCases: GatewayUseCases,
    private readonly sessions: LocalSessions,
    private readonly frames: WsFrameHandler,
    private readonly telemetry: EdgeTelemetryPort,
    private readonly logger: Logger,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Whatever a client sends in its upgrade request must never take the process down.
      this.upgrade(req, socket, head).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'upgrade failed');
        refuseUpgrade(socket, 400, 'bad_request', 'malformed upgrade request');
      });
    });
    this.heartbeat = setInterval(() => this.beat(), this.options.pingIntervalMs);
    this.heartbeat.unref();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://edge');
    if (url.pathname !== '/v1/ws' && url.pathname !== '/v1/ws/') return refuseUpgrade(socket, 404, 'not_found', 'WebSocket endpoint is /v1/ws');
    if (this.draining) return refuseUpgrade(socket, 503, 'unavailable', 'shutting down');
    const token = bearerToken(req.headers.authorization) ?? url.searchParams.get('token') ?? undefined;
    let principal: Principal | undefined;
    if (token) {
      try {
        principal = await this.useCases.signIn.verify(token);
      } catch (error) {
        const kind = error instanceof PublicError ? error.kind : 'unavailable';
        return refuseUpgrade(socket, kind === 'unauthorized' ? 401 : 503, kind, (error as Error).message);
      }
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, principal));
  }

  private accept(ws: WebSocket, transport: Duplex, principal: Principal | undefined): void {
    const connection = new WsConnection(randomUUID(), ws, transport, this.options.limits, () => this.telemetry.error('slow_consumer'));
    this.sessions.opened(connection);
    ws.on('message', (data, isBinary) => {
      connection.lastSeenAt = Date.now();
      void this.frames.handle(connection, data, isBinary);
    });
    ws.on('pong', () => (connection.lastSeenAt = Date.now()));
    ws.on('error', (error) => this.logger.debug({ err: error, connection: connection.id }, 'socket error'));
    const openedAt = Date.now();
    ws.on('close', (code) => {
      this.useCases.closeSession.run(connection);
      this.logger.info({ connection: connection.id, user: connection.userId, code, seconds: Math.round((Date.now() - openedAt) / 100) / 10 }, 'websocket closed');
    });
    this.logger.info({ connection: connection.id, user: principal?.userId ?? null }, 'websocket opened');
    if (principal) {
      this.useCases.signIn.admit(connection, principal);
      connection.greet(this.options.pingIntervalMs);
    } else if (this.options.allowAnonymous) {
      connection.guest = true;
      connection.greet(this.options.pingIntervalMs);
    } else {
      setTimeout(() => {
        if (!connection.principal) connection.end('unauthorized', 'authentication required');
      }, this.options.authTimeoutMs).unref();
    }
  }

  /** Pings every socket; one silent for WS_PONG_TIMEOUT is dropped. */
  private beat(): void {
    const silentSince = Date.now() - this.options.pongTimeoutMs;
    for (const connection of this.connections()) {
      if (connection.lastSeenAt < silentSince) connection.socket.terminate();
      else connection.socket.ping();
    }
  }

  private *connections(): Generator<WsConnection> {
    for (const session of this.sessions.all()) if (session instanceof WsConnection) yield session;
  }

  /** Stops accepting sockets; after in-flight work is done, closes every socket with 1001. */
  async shutdown(inFlight: () => Promise<void>): Promise<void> {
    this.draining = true;
    clearInterval(this.heartbeat);
    await inFlight();
    for (const connection of this.connections()) connection.end('going_away', 'server shutting down');
    const deadline = Date.now() + 2_000;
    while (this.hasConnections() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const connection of this.connections()) connection.socket.terminate();
  }

  private hasConnections(): boolean {
    return !this.connections().next().done;
  }
}

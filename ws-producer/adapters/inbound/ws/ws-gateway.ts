import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '#kernel/logging/logger';
import { PublicError } from '#kernel/errors/error-kind';
import { bearerToken } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import type { TokenVerifierPort } from '../../../application/ports/token-verifier.port';
import { CLOSE, Connection, type ConnectionLimits } from './connection';
import type { FrameHandler } from './frame-handler';
import type { RoomHub } from './room-hub';
import type { EdgeMetrics } from './edge-metrics';

export interface GatewayOptions {
  /** WS_MAX_FRAME_BYTES: larger frames close the socket with 1009. */
  maxFrameBytes: number;
  /** WS_ALLOW_ANONYMOUS: admit read-only guests without a token. */
  allowAnonymous: boolean;
  /** WS_PING_INTERVAL in ms. */
  pingIntervalMs: number;
  /** WS_PONG_TIMEOUT in ms: a socket silent this long is dropped. */
  pongTimeoutMs: number;
  /** How long a socket without a token may take to send its `auth` frame (5 s). */
  authTimeoutMs: number;
  limits: ConnectionLimits;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ error: { code: reason, message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * The WebSocket endpoint `/v1/ws`: authenticates during the upgrade where a token is given
 * (header or `?token=`), otherwise waits for a first `auth` frame; runs the heartbeat; closes the
 * sockets of revoked tokens; drains on shutdown.
 */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private heartbeat: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(
    private readonly options: GatewayOptions,
    private readonly verifier: TokenVerifierPort,
    private readonly hub: RoomHub,
    private readonly handler: () => FrameHandler,
    private readonly metrics: EdgeMetrics,
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
        principal = await this.verifier.verify(token);
      } catch (error) {
        const kind = error instanceof PublicError ? error.kind : 'unavailable';
        return refuseUpgrade(socket, kind === 'unauthorized' ? 401 : 503, kind, (error as Error).message);
      }
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, principal));
  }

  private accept(ws: WebSocket, transport: Duplex, principal: Principal | undefined): void {
    const connection = new Connection(randomUUID(), ws, transport, this.options.limits, () => this.metrics.errors.inc({ type: 'slow_consumer' }));
    this.connections.add(connection);
    this.metrics.connections.inc();
    const handler = this.handler();
    ws.on('message', (data, isBinary) => {
      connection.lastSeenAt = Date.now();
      void handler.handle(connection, data, isBinary);
    });
    ws.on('pong', () => (connection.lastSeenAt = Date.now()));
    ws.on('error', (error) => this.logger.debug({ err: error, connection: connection.id }, 'socket error'));
    ws.on('close', () => this.closed(connection));
    if (principal) {
      connection.signIn(principal);
      this.authenticated(connection);
    } else if (this.options.allowAnonymous) {
      connection.guest = true;
      this.greet(connection);
    } else {
      setTimeout(() => {
        if (!connection.principal) connection.close(CLOSE.unauthorized, 'authentication required');
      }, this.options.authTimeoutMs).unref();
    }
  }

  /** A socket has a user: count it, subscribe to the user's deliveries, greet it. */
  authenticated(connection: Connection): void {
    this.metrics.authenticated.inc();
    this.hub.addUser(connection);
    this.greet(connection);
  }

  private greet(connection: Connection): void {
    connection.sendFrame('system:connected', { connection_id: connection.id, user_id: connection.userId, heartbeat_ms: this.options.pingIntervalMs });
  }

  private closed(connection: Connection): void {
    connection.disposed();
    if (!this.connections.delete(connection)) return;
    this.metrics.connections.dec();
    if (connection.principal) this.metrics.authenticated.dec();
    this.hub.disconnect(connection);
  }

  private beat(): void {
    const silentSince = Date.now() - this.options.pongTimeoutMs;
    for (const connection of this.connections) {
      if (connection.lastSeenAt < silentSince) connection.socket.terminate();
      else connection.socket.ping();
    }
  }

  /** Closes (4001) every socket using a revoked token or session. */
  revoke(event: { token_id?: string; session_id?: string }): number {
    let closed = 0;
    for (const connection of this.connections) {
      const p = connection.principal;
      if (p && ((event.token_id && p.tokenId === event.token_id) || (event.session_id && p.sessionId === event.session_id))) {
        connection.close(CLOSE.unauthorized, 'token revoked');
        closed++;
      }
    }
    return closed;
  }

  /** A user lost access to a room: their sockets here leave it and are told. */
  removeFromRoom(room: string, userId: string): void {
    for (const connection of this.hub.connectionsOf(userId)) {
      if (this.hub.leave(connection, room)) connection.sendFrame('room:removed', { room });
    }
  }

  stats(): { connections: number; authenticated: number } {
    let authenticated = 0;
    for (const connection of this.connections) if (connection.principal) authenticated++;
    return { connections: this.connections.size, authenticated };
  }

  /** Stops accepting sockets; after in-flight work is done, closes every socket with 1001. */
  async shutdown(inFlight: () => Promise<void>): Promise<void> {
    this.draining = true;
    clearInterval(this.heartbeat);
    await inFlight();
    for (const connection of this.connections) connection.close(CLOSE.goingAway, 'server shutting down');
    const deadline = Date.now() + 2_000;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const connection of this.connections) connection.socket.terminate();
  }
}

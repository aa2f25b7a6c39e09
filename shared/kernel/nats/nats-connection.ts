import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logging/logger';
import { withTimeout } from '../lifecycle/timeout';

/** Connects to NATS and keeps reconnecting for as long as the process lives. */
export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  // noAsyncTraces: otherwise every request (each JetStream publish is one) builds stack-traced
  // Errors up front in case it fails: ~20% of the edge's CPU per message (bench/e2e profile).
  const nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: false, timeout: 3_000, noAsyncTraces: true });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') logger.warn({ status: status.type }, `NATS ${status.type}`);
    }
  })();
  return nc;
}


/** Drains (finishes pending work) at shutdown; a NATS that is away must not hold shutdown hostage. */
export async function drainNats(nc: NatsConnection, timeoutMs = 3_000): Promise<void> {
  await withTimeout(nc.drain(), timeoutMs).catch(() => nc.close());
}

/**
 * A subscription callback that survives bad messages: nats.js stops reading the whole connection
 * when a callback throws, so one malformed message must be logged and dropped, never thrown.
 */
export function guarded(logger: Logger, subject: string, handle: (msg: Msg) => void): (error: Error | null, msg: Msg) => void {
  return (error, msg) => {
    if (error) return void logger.warn({ err: error, subject }, 'subscription error');
    try {
      handle(msg);
    } catch (handlingError) {
      logger.warn({ err: handlingError, subject }, 'dropped a message that could not be handled');
    }
  };
}

/**
 * Child entry: starts platform services in this process, as `npm run start:<service>` would,
 * from the environment the parent gave it. argv[2] is a comma list of `auth`, `ticketing`,
 * `consumer`, `producer`, started in that order; when auth is among them, the others use it
 * (AUTH_GRPC_URL). Ticketing comes before the core, whose ticketing-events module follows its
 * stream. Answers the parent's `memory`, `cpu` and `stop` (see bench-child.ts).
 */
import 'reflect-metadata';
import { loadAuthConfig, startAuth } from '../../auth/index';
import { loadConsumerConfig, startConsumer } from '../../ws-consumer/index';
import { loadProducerConfig, startProducer } from '../../ws-producer/index';
import { loadTicketingConfig, startTicketing } from '../../ticketing/index';
import { createLogger } from '#kernel/logging/logger';
import { announceReady, serveParent } from './bench-child';

async function main(): Promise<void> {
  const wanted = new Set((process.argv[2] ?? '').split(',').filter(Boolean));
  const env: Record<string, string | undefined> = { ...process.env };
  const level = env.LOG_LEVEL ?? 'warn';
  const stops: (() => Promise<void>)[] = [];
  const info: Record<string, unknown> = {};
  if (wanted.has('auth')) {
    const auth = await startAuth(loadAuthConfig(env), createLogger('auth', level));
    stops.push(auth.stop);
    info.authHttpPort = auth.httpPort;
    info.authGrpcPort = auth.grpcPort;
    env.AUTH_GRPC_URL = `127.0.0.1:${auth.grpcPort}`;
  }
  if (wanted.has('ticketing')) {
    const ticketing = await startTicketing(loadTicketingConfig(env), createLogger('ticketing', level));
    stops.push(ticketing.stop);
    info.ticketingHttpPort = ticketing.httpPort;
  }
  if (wanted.has('consumer')) {
    const consumer = await startConsumer(loadConsumerConfig(env), createLogger('ws-consumer', level));
    stops.push(consumer.stop);
    info.consumerHttpPort = consumer.httpPort;
  }
  if (wanted.has('producer')) {
    const producer = await startProducer(loadProducerConfig(env), createLogger('ws-producer', level));
    stops.push(producer.stop);
    info.producerHttpPort = producer.httpPort;
    info.producerGrpcPort = producer.grpcPort;
  }
  serveParent({
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  });
  announceReady(info);
}

main().catch((error: unknown) => {
  process.stderr.write(`service child failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { commonEnvSchema, ConfigError, parseEnv } from '#kernel/config/env';
import { DependencyError, requireDependency } from '#kernel/lifecycle/dependencies';
import { createLogger } from '#kernel/logging/logger';
import { ensureDatabase } from '#kernel/pg/ensure-database';
import { migrateUp } from '#kernel/pg/migrate';
import { describeEndpoints, type Endpoints } from '#kernel/lifecycle/endpoints';
import { loadAuthConfig, startAuth } from '../auth/index';
import { loadConsumerConfig, startConsumer } from '../ws-consumer/index';
import { loadProducerConfig, startProducer } from '../ws-producer/index';
import { loadTicketingConfig, startTicketing } from '../ticketing/index';

/** What every service's start function returns. */
interface Running {
  endpoints: Endpoints;
  stop(): Promise<void>;
}

// Each entry parses its own configuration first, so a bad variable stops start-up before
// anything listens.
const SERVICES: Record<string, () => () => Promise<Running>> = {
  auth: () => {
    const config = loadAuthConfig();
    return () => startAuth(config);
  },
  'ws-consumer': () => {
    const config = loadConsumerConfig();
    return () => startConsumer(config);
  },
  'ws-producer': () => {
    const config = loadProducerConfig();
    return () => startProducer(config);
  },
  ticketing: () => {
    const config = loadTicketingConfig();
    return () => startTicketing(config);
  },
};

async function main(): Promise<void> {
  const requested = process.argv[2] ?? 'all';
  const names = requested === 'all' ? Object.keys(SERVICES) : [requested];
  const unknown = names.filter((name) => !SERVICES[name]);
  if (unknown.length > 0) throw new ConfigError(`unknown service ${unknown.join(', ')}; expected one of: all, ${Object.keys(SERVICES).join(', ')}`);
  const common = parseEnv(commonEnvSchema);
  const starters = names.map((name) => SERVICES[name]());
  const logger = createLogger('platform', common.LOG_LEVEL, common.LOG_FORMAT);

  await requireDependency('PostgreSQL', common.DATABASE_URL, () => ensureDatabase(common.DATABASE_URL));
  await migrateUp(common.DATABASE_URL, logger);

  const running: Running[] = [];
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await Promise.allSettled(running.reverse().map((service) => service.stop()));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const endpoints: Record<string, Endpoints> = {};
  for (const [i, start] of starters.entries()) {
    logger.info(`starting ${names[i]}`);
    const service = await start();
    running.push(service);
    endpoints[names[i]] = service.endpoints;
  }
  const seconds = (performance.now() / 1000).toFixed(1);
  logger.info({ endpoints }, `ready in ${seconds} s: ${Object.entries(endpoints).map(([name, e]) => describeEndpoints(name, e)).join('; ')}. Ctrl-C stops.`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DependencyError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});

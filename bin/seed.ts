import 'reflect-metadata';
import { ConfigError } from '#kernel/config/env';
import { createLogger } from '#kernel/logging/logger';
import { loadAuthConfig, seedDemoUsers } from '../auth/index';
import { loadTicketingConfig, seedDemoEvent } from '../ticketing/index';
import { loadConsumerConfig, reindex, seedDemoChatAndFeed } from '../ws-consumer/index';

/** `make seed`: demo data for trying the platform by hand. */
async function main(): Promise<void> {
  const config = loadAuthConfig();
  const logger = createLogger('seed', config.LOG_LEVEL, config.LOG_FORMAT);
  await seedDemoUsers(config, logger);
  await seedDemoEvent(loadTicketingConfig(), logger);
  const consumer = loadConsumerConfig();
  await seedDemoChatAndFeed(consumer, logger);
  // The search index from PostgreSQL, so seeded users, messages and the event are searchable.
  await reindex(consumer, ['users', 'messages', 'events'], () => () => undefined, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});

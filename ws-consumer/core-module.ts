import type { DependencyContainer } from 'tsyringe';
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { Logger } from '#kernel/logging/logger';
import type { ErrorTranslator } from '#kernel/errors/error-kind';
import type { HttpRouter } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import type { ConsumerConfig } from './config';

/** What the core's main.ts hands each module: the shared connections and its own container. */
export interface CoreContext {
  config: ConsumerConfig;
  logger: Logger;
  metrics: Registry;
  pool: Pool;
  redis: Redis;
  nc: NatsConnection;
  /** A child container of the service's: a module registers its ports here, unseen by the others. */
  container: DependencyContainer;
}

/** A durable JetStream consumer, by its stream and name. */
export interface DurableConsumerName {
  stream: string;
  durable: string;
}

/**
 * One bounded context hosted by the core (chat, ticketing events, search; later the feed). A module's
 * `<name>.module.ts` is its only public face: a registration function returning this.
 */
export interface CoreModule {
  name: string;
  /** Adds the module's `/v1` routes to the core's HTTP server. */
  routes(router: HttpRouter<Principal>): void;
  /** Maps the module's domain errors (its one table). */
  translateError: ErrorTranslator;
  /** The durable JetStream consumers it runs in this core (`GET /v1/admin/consumers` reports them). */
  consumers: DurableConsumerName[];
  /** Starts its consumers and subscriptions. */
  start(): Promise<void>;
  /** Facts for `/ready`'s body, under the module's name (search: its backend and index lag). */
  readiness?: () => Record<string, unknown>;
  /** Stops taking work and finishes what is in hand. */
  stop(): Promise<void>;
}

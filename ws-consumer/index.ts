/** The messaging core's public face: other code starts it, never reaches inside. */
export { startConsumer, reindex, type ConsumerHandle } from './main';
export { loadConsumerConfig, type ConsumerConfig } from './config';
export { seedDemoChatAndFeed } from './seed';

/** The edge's public face: other code starts it, never reaches inside. */
export { startProducer, type ProducerHandle } from './main';
export { loadProducerConfig, type ProducerConfig } from './config';

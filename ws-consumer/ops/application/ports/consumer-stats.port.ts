/** Where a durable consumer is in its stream, as JetStream counts it. */
export interface ConsumerState {
  /** Messages of the stream not yet given to the consumer: its lag. */
  pending: number;
  /** Given to the consumer, not yet acknowledged. */
  ackPending: number;
  /** Given more than once and still not acknowledged. */
  redelivered: number;
}

/** What JetStream knows of the core's consumers and of the messages they gave up on. */
export interface ConsumerStatsPort {
  /** The consumer's state; null when it does not exist (not yet created). */
  consumer(stream: string, durable: string): Promise<ConsumerState | null>;
  /** Messages kept in stream DLQ, by the context that dead-lettered them (`chat`, `ticketing`, `search`, `feed`). */
  deadLetters(): Promise<Record<string, number>>;
}

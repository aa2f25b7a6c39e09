/**
 * A socket's frames run concurrently (sends pipeline), except the commands that change what
 * later frames may do (auth, join, leave): they run one at a time in arrival order, and every
 * frame that arrives after one of them waits for it. So `auth`, then `room:join`, then
 * `message:send` just works without waiting for answers.
 */
export class OrderedCommands {
  /** Settles when the earlier ordered commands are done. */
  private barrier: Promise<void> = Promise.resolve();
  /** Ordered commands not finished yet (no need to wait on the barrier when 0). */
  private inFlight = 0;

  /** Runs an ordered command after the earlier ones. */
  ordered<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    const run = this.barrier.then(work).finally(() => this.inFlight--);
    this.barrier = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Runs any other frame once the ordered commands that arrived before it are done. */
  async after<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight > 0) await this.barrier;
    return work();
  }
}

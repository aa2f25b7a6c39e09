/**
 * A doorbell for a loop that would otherwise poll: `wait(ms)` resolves at the next `ring()` or
 * after `ms`, whichever comes first. A ring while nobody waits is kept for the next wait, so a
 * change that lands between two waits is not slept through.
 */
export class Wakeup {
  private pending = false;
  private waiter: (() => void) | undefined;

  ring(): void {
    if (this.waiter) this.waiter();
    else this.pending = true;
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}

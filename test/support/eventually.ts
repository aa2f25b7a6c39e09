/** Polls `probe` until it answers something other than undefined, and answers that; throws after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition', everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Polls `check` until it is true; throws after `timeoutMs` (a check that throws counts as false). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition', everyMs = 25): Promise<void> {
  await eventually(async () => ((await check()) ? true : undefined), timeoutMs, what, everyMs);
}

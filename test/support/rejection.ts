/** The error a promise rejects with, checked to be of `type` (fails the test if it resolves or rejects otherwise). */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: any[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof type)) throw new Error(`expected a ${type.name}, got ${String(error)}`);
  return error;
}

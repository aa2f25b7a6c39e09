import { z } from 'zod';

// Query strings arrive as text, and `?before_seq=` as an empty one: both are read as numbers
// here, an empty value as absent (not as 0, which would silently mean something else).
const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** An optional non-negative integer query parameter. */
export function optionalSeqParam(description: string) {
  return z.preprocess(emptyAsAbsent, z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()).meta({ description });
}

/** A page size: 1..max, `fallback` when absent. */
export function limitParam(max: number, fallback: number) {
  return z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(max).default(fallback)).meta({ description: `page size, 1 to ${max} (default ${fallback})` });
}

/** Seconds until a booking at `position` is taken, at the queue's recent pace (unknown pace: a second per place). */
export function estimatedWaitSeconds(position: number, perSecond: number | null): number {
  return Math.ceil(position / (perSecond && perSecond > 0 ? perSecond : 1));
}

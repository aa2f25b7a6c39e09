export interface ClockPort {
  /** The current time. */
  now(): Date;
}

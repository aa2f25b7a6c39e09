/** Dependency-injection tokens of the ticketing-events module; ticketing-events.module.ts registers them (and the in-memory container of the unit tests). */
export const FRAME_PUBLISHER = Symbol('FRAME_PUBLISHER');
export const AVAILABILITY_GATE = Symbol('AVAILABILITY_GATE');
export const FRAME_TELEMETRY = Symbol('FRAME_TELEMETRY');
export const LOGGER = Symbol('LOGGER');

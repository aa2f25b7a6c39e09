/** Ticketing's public face: other code starts it, never reaches inside. */
export { startTicketing, type TicketingHandle } from './main';
export { loadTicketingConfig, type TicketingConfig } from './config';
export { seedDemoEvent } from './seed';

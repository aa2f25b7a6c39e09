/** The setting naming where each HTTP service of the platform answers publicly (commonEnvShape). */
export interface PublicUrls {
  PUBLIC_AUTH_URL?: string;
  PUBLIC_EDGE_URL?: string;
  PUBLIC_CORE_URL?: string;
  PUBLIC_TICKETING_URL?: string;
}

/** The platform's HTTP services by their `service` name, with their setting and default port. */
const SERVICES: readonly { service: string; title: string; variable: keyof PublicUrls; port: number }[] = [
  { service: 'auth', title: 'auth (identity and tokens)', variable: 'PUBLIC_AUTH_URL', port: 8080 },
  { service: 'ws-producer', title: 'ws-producer (the edge: WebSocket, publish, live feed)', variable: 'PUBLIC_EDGE_URL', port: 8081 },
  { service: 'ws-consumer', title: 'ws-consumer (the core: rooms, history, feed, search)', variable: 'PUBLIC_CORE_URL', port: 8082 },
  { service: 'ticketing', title: 'ticketing (events, holds, bookings, payments)', variable: 'PUBLIC_TICKETING_URL', port: 8083 },
];

/**
 * Markdown for the top of a service's Swagger page: links to the other services' pages. Unset
 * URLs are the development defaults (every service on localhost at its default port), the
 * only addresses known without configuration; a service elsewhere needs its PUBLIC_*_URL.
 */
export function otherServicesDocs(self: string, urls: PublicUrls): string {
  const links = SERVICES.filter(({ service }) => service !== self).map(({ title, variable, port }) => `[${title}](${urls[variable] ?? `http://localhost:${port}`}/docs)`);
  return `Other services: ${links.join(' · ')}`;
}

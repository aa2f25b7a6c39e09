import type { ServiceUrls } from '../../sdk/platform-api';

/** What the edge's /app-config.json answers (PUBLIC_AUTH_URL, PUBLIC_CORE_URL, PUBLIC_TICKETING_URL). */
interface AppConfig {
  auth_url?: string;
  core_url?: string;
  ticketing_url?: string;
}

/** Where the APIs are, for the app and the ops page alike: the edge's /app-config.json, else this host on the services' default ports. */
export async function serviceUrls(): Promise<ServiceUrls> {
  const config = (await fetch('/app-config.json').then((r) => r.json()).catch(() => ({}))) as AppConfig;
  const port = (n: number) => `${location.protocol}//${location.hostname}:${n}`;
  return { edge: location.origin, auth: config.auth_url ?? port(8080), core: config.core_url ?? port(8082), ticketing: config.ticketing_url ?? port(8083) };
}

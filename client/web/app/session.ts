import { PlatformApi, type ServiceUrls, type Tokens } from '../../sdk/platform-api';

const KEY = 'rt-session';

export interface Session {
  userId: string;
  username: string;
  tokens: Tokens;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
}

/** The signed-in user, kept in localStorage so a reload stays signed in; refreshes the access token before it expires. */
export class SessionStore {
  private current?: Session;
  private refreshing?: Promise<string>;

  constructor(private readonly urls: ServiceUrls) {
    const saved = localStorage.getItem(KEY);
    if (saved) this.current = JSON.parse(saved) as Session;
  }

  get session(): Session | undefined {
    return this.current;
  }

  /** The API signed in as this session's user. */
  api(): PlatformApi {
    return new PlatformApi(this.urls, () => this.current?.tokens.access_token);
  }

  async signIn(username: string, password: string, register: boolean): Promise<Session> {
    const anonymous = new PlatformApi(this.urls);
    if (register) await anonymous.register(username, password);
    const tokens = await anonymous.login(username, password);
    const me = await new PlatformApi(this.urls, () => tokens.access_token).me();
    return this.keep({ userId: me.id, username: me.username, tokens, expiresAt: Date.now() + tokens.expires_in * 1000 });
  }

  signOut(): void {
    this.current = undefined;
    localStorage.removeItem(KEY);
  }

  /** A valid access token, refreshed (rotation) when less than 90 s are left (the client re-authenticates its socket 60 s before expiry). */
  async token(): Promise<string> {
    const session = this.current;
    if (!session) throw new Error('not signed in');
    if (session.expiresAt - Date.now() > 90_000) return session.tokens.access_token;
    this.refreshing ??= new PlatformApi(this.urls)
      .refresh(session.tokens.refresh_token)
      .then((tokens) => this.keep({ ...session, tokens, expiresAt: Date.now() + tokens.expires_in * 1000 }).tokens.access_token)
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private keep(session: Session): Session {
    this.current = session;
    localStorage.setItem(KEY, JSON.stringify(session));
    return session;
  }
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { loadAuthConfig } from './config';

describe('auth configuration', () => {
  it('has the spec defaults', () => {
    const config = loadAuthConfig({});
    expect(config).toMatchObject({ AUTH_HTTP_PORT: 8080, AUTH_GRPC_PORT: 50051, ACCESS_TOKEN_TTL: 900_000, REFRESH_TOKEN_TTL: 2_592_000_000, NAME_PREFIX: '' });
  });

  it('refuses to load in production without a key: the development default is public', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(
      'invalid configuration: JWT_SECRET (got unset): required when NODE_ENV=production (or JWT_PRIVATE_KEY/JWT_PUBLIC_KEY): the development default is public; e.g. JWT_SECRET=$(openssl rand -hex 32)',
    );
    expect(loadAuthConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(32) }).JWT_SECRET).toBe('p'.repeat(32));
    expect(loadAuthConfig({}).JWT_SECRET).toBeUndefined(); // development keeps its default
  });

  it('tolerates no clock skew on expiry unless told (JWT_CLOCK_TOLERANCE)', () => {
    expect(loadAuthConfig({}).JWT_CLOCK_TOLERANCE).toBe(0);
    expect(loadAuthConfig({ JWT_CLOCK_TOLERANCE: '5s' }).JWT_CLOCK_TOLERANCE).toBe(5_000);
    expect(() => loadAuthConfig({ JWT_CLOCK_TOLERANCE: 'soon' })).toThrow('invalid configuration: JWT_CLOCK_TOLERANCE');
  });

  it('refuses a short JWT_SECRET', () => {
    expect(() => loadAuthConfig({ JWT_SECRET: 'short' })).toThrow('invalid configuration: JWT_SECRET (got "short"): expected at least 32 characters');
  });

  it('needs both halves of a key pair', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadAuthConfig({ JWT_PRIVATE_KEY: pem })).toThrow('JWT_PUBLIC_KEY');
  });

  it('accepts inline PEM with \\n escapes, and refuses a path that does not exist', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const escaped = (k: typeof privateKey, type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }).toString().replace(/\n/g, '\\n');
    const config = loadAuthConfig({ JWT_PRIVATE_KEY: escaped(privateKey, 'pkcs8'), JWT_PUBLIC_KEY: escaped(publicKey, 'spki') });
    expect(config.JWT_PUBLIC_KEY).toContain('\n');
    expect(() => loadAuthConfig({ JWT_PRIVATE_KEY: '/no/such/key.pem', JWT_PUBLIC_KEY: '/no/such/key.pub' })).toThrow('JWT_PRIVATE_KEY');
  });

  it('reads JWT_PREVIOUS_PUBLIC_KEYS paths like JWT_PUBLIC_KEY, and names the variable when one is missing', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const path = join(mkdtempSync(join(tmpdir(), 'keys-')), 'old.pem');
    writeFileSync(path, pem);
    expect(loadAuthConfig({ JWT_PREVIOUS_PUBLIC_KEYS: path }).JWT_PREVIOUS_PUBLIC_KEYS).toEqual([pem]);
    expect(() => loadAuthConfig({ JWT_PREVIOUS_PUBLIC_KEYS: `${path},/no/such/old.pem` })).toThrow('invalid configuration: JWT_PREVIOUS_PUBLIC_KEYS');
  });
});

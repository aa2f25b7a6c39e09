import { z } from 'zod';
import { ConfigError, commonEnvSchema, env, parseDuration, parseEnv } from './env';

describe('parseEnv', () => {
  const schema = z.object({ PORT: env.port(8080), TTL: env.duration('15m'), FLAG: env.bool(false), URL: env.url('nats://127.0.0.1:4222', ['nats']) });

  it('applies defaults, and treats empty strings as unset', () => {
    expect(parseEnv(schema, { PORT: '', TTL: ' ' })).toEqual({ PORT: 8080, TTL: 900_000, FLAG: false, URL: 'nats://127.0.0.1:4222' });
  });

  it('parses given values', () => {
    expect(parseEnv(schema, { PORT: '0', TTL: '250ms', FLAG: 'yes', URL: 'nats://nats:4222' })).toEqual({ PORT: 0, TTL: 250, FLAG: true, URL: 'nats://nats:4222' });
  });

  it.each([
    ['PORT', '70000', 'expected a port number 0-65535'],
    ['PORT', '-1', 'expected a port number 0-65535'],
    ['TTL', '15 minutes', 'expected a duration such as 500ms, 30s, 15m, 12h or 30d'],
    ['TTL', '0s', 'expected a duration'],
    ['FLAG', 'maybe', 'expected true or false'],
    ['URL', 'http://x', 'expected a URL starting with nats://'],
    ['URL', 'not a url', 'expected a URL starting with nats://'],
  ])('%s=%s fails with one line naming the variable', (name, value, expected) => {
    let error: unknown;
    try {
      parseEnv(schema, { [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`invalid configuration: ${name} (got ${JSON.stringify(value)}): ${expected}`);
    expect(message).not.toContain('\n');
  });

  it('checks the shared settings too', () => {
    expect(() => parseEnv(commonEnvSchema, { NAME_PREFIX: 'has space' })).toThrow('NAME_PREFIX');
    expect(() => parseEnv(commonEnvSchema, { LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL');
    expect(() => parseEnv(commonEnvSchema, { CORS_ORIGIN: 'chat.example.com' })).toThrow('CORS_ORIGIN');
    expect(parseEnv(commonEnvSchema, { CORS_ORIGIN: 'https://chat.example.com, http://127.0.0.1:8081' }).CORS_ORIGIN).toBe('https://chat.example.com, http://127.0.0.1:8081');
    expect(parseEnv(commonEnvSchema, {}).CORS_ORIGIN).toBe('*');
    expect(() => parseEnv(commonEnvSchema, { DATABASE_URL: 'mysql://x' })).toThrow('DATABASE_URL');
    expect(parseEnv(commonEnvSchema, {}).DATABASE_URL).toBe('postgres://127.0.0.1:5432/realtime');
  });

  it('parses durations', () => {
    expect([parseDuration('30s'), parseDuration('12h'), parseDuration('30d'), parseDuration('1w')]).toEqual([30_000, 43_200_000, 2_592_000_000, undefined]);
  });
});

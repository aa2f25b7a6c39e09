import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/** LOG_FORMAT: `json` (one object a line, for machines) or `pretty` (coloured lines, for people). */
export type LogFormat = 'json' | 'pretty';

/** Logs on stdout; secrets are redacted wherever they appear in a logged object. */
export function createLogger(service: string, level: string, format: LogFormat = 'json'): Logger {
  const options = {
    level,
    base: { service },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'refresh_token', '*.refresh_token', 'authorization', '*.authorization', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  if (format === 'json') return pino(options);
  // Synchronous: start-up lines and a crash's last words are not lost in a worker thread.
  return pino(options, pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', messageFormat: '{service}: {msg}', sync: true }));
}

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authEnvSchema } from '../auth/config';
import { producerEnvSchema } from '../ws-producer/config';
import { consumerEnvSchema } from '../ws-consumer/config';
import { ticketingEnvSchema } from '../ticketing/config';

const ROOT = join(__dirname, '..');
const hasDockerCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

describe('deployment files', () => {
  const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

  (hasDockerCompose ? it : it.skip)('docker-compose.yml is accepted by `docker-compose config -q`', () => {
    const result = spawnSync('docker-compose', ['config', '-q'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
  if (!hasDockerCompose) process.stdout.write('SKIPPED: docker-compose is not installed (apt-get install docker-compose); the compose file was not validated\n');

  it('describes the infrastructure and every service that exists', () => {
    for (const name of ['postgres:', 'nats:', 'redis:', 'elasticsearch:', 'auth:', 'ws-producer:', 'ws-consumer:', 'ticketing:']) expect(compose).toContain(`\n  ${name}`);
    expect(compose).toMatch(/command: \["-js"/);
  });

  it('.env.example names every variable the services read', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const names = new Set([authEnvSchema, producerEnvSchema, consumerEnvSchema, ticketingEnvSchema].flatMap((schema) => Object.keys(schema.shape)));
    expect(names.size).toBeGreaterThan(30);
    for (const name of names) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('`make start`/`make test` name a backing service that does not answer, with its address and how to get it', () => {
    // 127.0.0.2 is loopback but not "local" to the script, so it reports instead of starting a server there.
    const result = spawnSync('bash', ['scripts/ensure-services.sh'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, REDIS_URL: 'redis://127.0.0.2:1' } });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('ok: PostgreSQL answers at 127.0.0.1:5432');
    expect(result.stderr).toContain("MISSING: Redis does not answer at 127.0.0.2:1. Install it (apt-get install redis-server) or run 'docker compose up -d redis'");
  });
});

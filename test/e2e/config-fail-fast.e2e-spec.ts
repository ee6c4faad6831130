// A service started with a bad environment must stop at once and name every bad variable, without
// echoing secrets: exercised on the built apps (`npm test` builds first), as an operator runs them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function run(app: string, env: Record<string, string>) {
  const main = join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
  expect(existsSync(main), `${main} is built by npm test / npm run build`).toBe(true);
  return spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 20_000 });
}

describe('configuration fails fast', () => {
  it('a service exits 1 naming each bad variable, and never prints the database password', () => {
    const result = run('registry', { NATS_URL: 'localhost:4222', HEALTH_PORT: 'eighty', DATABASE_URL: 'mysql://admin:hunter2@db/flotilla' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    for (const name of ['NATS_URL', 'HEALTH_PORT', 'DATABASE_URL']) expect(result.stderr).toMatch(new RegExp(`^\\s+- ${name}=`, 'm'));
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });

  it('the gateway does too', () => {
    const result = run('gateway', { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'chatty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/- RATE_LIMIT_PER_MINUTE=/);
    expect(result.stderr).toMatch(/- LOG_LEVEL=/);
  });
});

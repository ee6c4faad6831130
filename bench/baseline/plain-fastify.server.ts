// Baseline for the gateway round-trip bench: the same Postgres read as `auth.system.info` (newest
// migration of schema `auth`, plus the version), answered by a bare Fastify route over a `pg` Pool:
// no Nest, no NATS, no second process. Env: PORT, HOST, DATABASE_URL.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';

const SCHEMA = 'auth';
const startedAt = Date.now();

function rootVersion(): string {
  // dist/bench/baseline/ → the repository root
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(): Promise<void> {
  const version = rootVersion();
  // as the services' data source: search_path pinned to the schema, at most 10 connections
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/flotilla_bench',
    options: `-c search_path=${SCHEMA}`,
    max: 10,
    connectionTimeoutMillis: 5000,
  });
  const app = Fastify({ logger: false });
  app.get('/api/v1/system/services/auth', async () => {
    const { rows } = await pool.query<{ name: string }>('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
    return {
      service: 'auth',
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      schema: SCHEMA,
      latestMigration: rows[0]?.name,
    };
  });
  const stop = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

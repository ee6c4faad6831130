import { Client } from 'pg';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';
const DUPLICATE_SCHEMA = '42P06';

/** Name of the database a postgres:// URL points at. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  return name;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the database of `url` when it does not exist yet (first start). Safe to race. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withClient(withDatabase(url, 'postgres'), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`).catch(ignoreCodes(DUPLICATE_DATABASE, UNIQUE_VIOLATION));
  });
}

/** Creates a service's schema when it does not exist yet. Safe to race between replicas. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  await withClient(url, (client) =>
    client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`).catch(ignoreCodes(DUPLICATE_SCHEMA, UNIQUE_VIOLATION)),
  );
}

/** Drops a database (test clean-up), disconnecting whoever still holds it. */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withClient(withDatabase(url, 'postgres'), (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

function ignoreCodes(...codes: string[]) {
  return (error: { code?: string }) => {
    if (!codes.includes(error.code ?? '')) throw error;
  };
}

// One private NATS server (JetStream on) and one throw-away database per test run, so that tests
// neither see nor disturb a platform running on the same machine, and every run proves that a fresh
// database gets its schemas and migrations from nothing.
import type { TestProject } from 'vitest/node';
import { dropDatabase, ensureDatabase } from '@flotilla/persistence';
import { startPrivateNats, type PrivateNats } from '@flotilla/common/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    natsUrl: string;
  }
}

let nats: PrivateNats | undefined;
let databaseUrl: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/flotilla_test_${process.pid}_${Date.now()}`;
  databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  nats = await startPrivateNats();
  project.provide('databaseUrl', databaseUrl);
  project.provide('natsUrl', nats.url);
}

export async function teardown(): Promise<void> {
  await nats?.stop();
  if (databaseUrl && !process.env.KEEP_TEST_DATABASE) await dropDatabase(databaseUrl);
}

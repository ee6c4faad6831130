import { nanos, StorageType, type JetStreamManager, type NatsConnection, type StreamConfig, type StreamInfo } from 'nats';
import type { StreamDefinition } from '@flotilla/contracts';

/** Window in which JetStream drops a second message with the same `Nats-Msg-Id` (outbox re-sends). */
export const STREAM_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** How long a domain event stays in its stream: long enough for a consumer down over a weekend. */
export const STREAM_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;

/**
 * Makes sure each event stream exists with the subjects its definition names: created when missing
 * (file storage, 2-minute duplicate window, 7-day retention), updated when its subjects or windows
 * changed, left alone otherwise. Idempotent, and safe when replicas of a service start together.
 */
export async function ensureStreams(connection: NatsConnection, streams: readonly StreamDefinition[]): Promise<void> {
  const jsm = await connection.jetstreamManager();
  for (const stream of streams) await ensureStream(jsm, stream);
}

async function ensureStream(jsm: JetStreamManager, stream: StreamDefinition): Promise<void> {
  const existing = (await findStream(jsm, stream.name)) ?? (await addStream(jsm, stream));
  if (!existing) return;
  const wanted = managedSettings(stream);
  if (isUpToDate(existing.config, wanted)) return;
  await jsm.streams.update(stream.name, { ...existing.config, ...wanted });
}

/** Creates the stream; returns the one a racing replica created first instead, if any. */
async function addStream(jsm: JetStreamManager, stream: StreamDefinition): Promise<StreamInfo | undefined> {
  try {
    await jsm.streams.add({ name: stream.name, storage: StorageType.File, num_replicas: 1, ...managedSettings(stream) });
    return undefined;
  } catch (error) {
    if (apiErrorCode(error) !== STREAM_NAME_IN_USE) throw error;
    return jsm.streams.info(stream.name);
  }
}

async function findStream(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (apiErrorCode(error) === STREAM_NOT_FOUND) return undefined;
    throw error;
  }
}

function managedSettings(stream: StreamDefinition): Pick<StreamConfig, 'subjects' | 'duplicate_window' | 'max_age'> {
  return { subjects: [...stream.subjects], duplicate_window: nanos(STREAM_DUPLICATE_WINDOW_MS), max_age: nanos(STREAM_MAX_AGE_MS) };
}

function isUpToDate(config: StreamConfig, wanted: ReturnType<typeof managedSettings>): boolean {
  const current = [...(config.subjects ?? [])].sort();
  const subjects = [...wanted.subjects].sort();
  const sameSubjects = current.length === subjects.length && current.every((subject, i) => subject === subjects[i]);
  return sameSubjects && config.duplicate_window === wanted.duplicate_window && config.max_age === wanted.max_age;
}

function apiErrorCode(error: unknown): number | undefined {
  return (error as { api_error?: { err_code?: number } }).api_error?.err_code;
}

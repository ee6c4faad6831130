// Domain events as a consumer sees them: read from a JetStream stream from its start, with an
// ordered consumer (nothing left behind on the server).
import { connect } from 'nats';

/** One event: its subject and JSON payload. */
export interface StreamEvent<T = Record<string, unknown>> {
  subject: string;
  data: T;
}

/**
 * Reads `stream` from the beginning until `done(events)` holds for the events that pass `keep`, or
 * `timeoutMs` passes; answers those events in stream order.
 */
export async function readEvents<T = Record<string, unknown>>(
  natsUrl: string,
  stream: string,
  options: { keep: (event: StreamEvent<T>) => boolean; done: (events: StreamEvent<T>[]) => boolean; timeoutMs?: number },
): Promise<StreamEvent<T>[]> {
  const connection = await connect({ servers: natsUrl, name: 'e2e-event-reader' });
  const events: StreamEvent<T>[] = [];
  try {
    const consumer = await connection.jetstream().consumers.get(stream);
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    while (!options.done(events.filter(options.keep)) && Date.now() < deadline) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 1000 });
      for await (const message of batch) events.push({ subject: message.subject, data: message.json<T>() });
    }
  } finally {
    await connection.close();
  }
  return events.filter(options.keep);
}

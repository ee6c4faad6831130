/** A server the launcher started (embedded Postgres, nats-server) and has to stop again. */
export interface StartedServer {
  /** What it is, for messages: "nats-server (JetStream, store .flotilla/nats)". */
  description: string;
  stop(): Promise<void>;
}

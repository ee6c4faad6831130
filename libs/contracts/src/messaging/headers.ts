/** Header names that travel on HTTP requests and NATS messages alike. */
export const HEADERS = {
  /** The authenticated caller ({@link IdentityDto} as JSON), set by the gateway only. */
  identity: 'x-flotilla-identity',
  /** Correlates one user request across the gateway, NATS and every service log line. */
  requestId: 'x-request-id',
} as const;

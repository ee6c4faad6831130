import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request to an extension API, parsed. */
export interface ExtensionCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without the cluster prefix and without query string. */
  pathname: string;
  query: URLSearchParams;
  body: Buffer;
}

import type { ConnectionFailureReason } from '@flotilla/contracts';

/**
 * Credentials Flotilla cannot use, named by the request field they came from
 * (`credentials.kubeconfig`, `credentials.context`, `credentials.caBundle`, ...), with a message a user
 * can act on. Never carries secret material. `reason` is set when the refusal is a connection-test
 * outcome as well (an exec plugin this host does not allow).
 */
export class KubeAccessError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly reason: ConnectionFailureReason | null = null,
  ) {
    super(message);
    this.name = 'KubeAccessError';
  }
}

// Helpers the access specs share: the KubeAccessError a call throws, and base64 of kubeconfig data.
import { KubeAccessError } from '../kube-access.error';

/** The KubeAccessError `run` throws (fails the test when it returns or throws anything else). */
export function accessErrorOf(run: () => unknown): KubeAccessError {
  try {
    run();
  } catch (error) {
    if (error instanceof KubeAccessError) return error;
    throw error;
  }
  throw new Error('expected a KubeAccessError');
}

/** Base64 of `text`, as kubeconfig `*-data` fields hold it. */
export const b64 = (text: string): string => Buffer.from(text).toString('base64');

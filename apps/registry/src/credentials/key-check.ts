import { ConfigValidationError } from '@flotilla/common';
import { ENVELOPE_VERSION, EnvelopeError, unwrap, type SealedCredential } from './credential-envelope';
import type { KeyEncryptionKey, KeyRing } from './key-ring';

/** A stored envelope of one cluster, as the start-up check reads it. */
export type StoredEnvelope = Pick<SealedCredential, 'version' | 'kekId' | 'wrappedKey' | 'wrapNonce' | 'wrapTag'> & { clusterId: string };

/**
 * The start-up check: `samples` holds one stored envelope per key id in use; each must unwrap with
 * the key of that id. Throws a ConfigValidationError (printed without a stack, exit 1) naming every
 * key id whose credentials cannot be read, so the registry never runs unable to read what it stores.
 */
export function assertKeysReadable(samples: readonly StoredEnvelope[], keys: KeyRing): void {
  const problems = samples.flatMap((sample) => {
    const problem = keyProblem(sample, keys.find(sample.kekId));
    return problem ? [`FLOTILLA_REGISTRY_KEYS=[redacted]: credentials wrapped with key '${sample.kekId}' cannot be read: ${problem}`] : [];
  });
  if (problems.length > 0) throw new ConfigValidationError(problems);
}

function keyProblem(sample: StoredEnvelope, kek: KeyEncryptionKey | undefined): string | undefined {
  if (!kek) return 'FLOTILLA_REGISTRY_KEYS lacks it (add the key with that id back)';
  if (sample.version !== ENVELOPE_VERSION) return `cluster ${sample.clusterId} is stored in envelope version ${sample.version}, which this build does not read`;
  return unwrapsWith(sample, kek) ? undefined : `the key with that id in FLOTILLA_REGISTRY_KEYS is wrong (cluster ${sample.clusterId} does not unwrap with it)`;
}

function unwrapsWith(sample: StoredEnvelope, kek: KeyEncryptionKey): boolean {
  try {
    unwrap(sample, sample.clusterId, kek).fill(0);
    return true;
  } catch (error) {
    if (error instanceof EnvelopeError) return false;
    throw error;
  }
}

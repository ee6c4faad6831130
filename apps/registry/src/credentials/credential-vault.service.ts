import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErrorCode, type CredentialType, type KeyRotationResultDto } from '@flotilla/contracts';
import type { ClusterAccess } from '@flotilla/kube';
import type { ClusterCredentialEntity } from './cluster-credential.entity';
import { EnvelopeError, open, rewrap, seal, type SealedCredential } from './credential-envelope';
import { CredentialsException } from './credentials.exception';
import { CredentialsRepository } from './credentials.repository';
import { KeyRing, type KeyEncryptionKey } from './key-ring';
import { assertKeysReadable } from './key-check';

/** What may be known and shown about stored credentials: never the secrets. */
export interface CredentialMetadata {
  type: CredentialType;
  method: string;
  expiresAt: Date | null;
  /** What the registry's host needs to use them (an exec plugin command, an auth provider), if anything. */
  hostRequirement: string | null;
}

/** Rows re-wrapped per transaction during a rotation. */
const ROTATION_BATCH = 100;

/**
 * Keeps cluster credentials encrypted at rest (AES-256-GCM envelopes: a random data key per
 * credential, wrapped by the active key-encryption key, the cluster id bound as associated data).
 * Refuses to start when a key id in use is missing from FLOTILLA_REGISTRY_KEYS or wrong. Never logs
 * credentials, and its errors name clusters and key ids only.
 */
@Injectable()
export class CredentialVault implements OnModuleInit {
  private readonly logger = new Logger(CredentialVault.name);

  constructor(
    private readonly repository: CredentialsRepository,
    private readonly keys: KeyRing,
  ) {}

  /** Start-up check: every key id in use must be present and unwrap a stored data key. */
  onModuleInit(): Promise<void> {
    return this.verifyKeys();
  }

  /** Throws a ConfigValidationError naming each key id whose credentials cannot be read. */
  async verifyKeys(): Promise<void> {
    assertKeysReadable(await this.repository.oneRowPerKey(), this.keys);
  }

  /** Encrypts `access` for `clusterId` under the active key, replacing what was stored, in `manager`'s transaction. */
  async store(manager: EntityManager, clusterId: string, access: ClusterAccess, summary: CredentialMetadata): Promise<void> {
    const plaintext = Buffer.from(JSON.stringify(access), 'utf8');
    try {
      const sealed = seal(plaintext, clusterId, this.keys.active);
      await this.repository.save(manager, { clusterId, ...sealed, ...summary });
    } finally {
      plaintext.fill(0);
    }
  }

  /** Decrypts the stored credentials of `clusterId`; throws when there are none or they do not authenticate. */
  async load(clusterId: string, manager?: EntityManager): Promise<ClusterAccess> {
    const row = await this.repository.find(clusterId, manager);
    if (!row) throw new CredentialsException(ErrorCode.NotFound, `cluster ${clusterId} has no stored credentials`);
    const plaintext = this.open(row);
    try {
      return JSON.parse(plaintext.toString('utf8')) as ClusterAccess;
    } catch {
      // JSON.parse quotes its input in its message: never let that carry a secret
      throw new CredentialsException(ErrorCode.Internal, `stored credentials of cluster ${clusterId} are not readable access data`);
    } finally {
      plaintext.fill(0);
    }
  }

  /** Metadata of the stored credentials of these clusters (those without any are absent). */
  async metadata(clusterIds: string[]): Promise<Map<string, CredentialMetadata & { updatedAt: Date }>> {
    const rows = await this.repository.metadata(clusterIds);
    return new Map(rows.map(({ clusterId, ...metadata }) => [clusterId, metadata]));
  }

  /** Deletes the credentials of `clusterId`, in `manager`'s transaction (the cluster's deletion). */
  remove(manager: EntityManager, clusterId: string): Promise<void> {
    return this.repository.remove(manager, clusterId);
  }

  /**
   * Re-wraps every data key under the active key, a batch per transaction; the data ciphertexts stay
   * untouched. Idempotent: a second run re-wraps nothing. A row that does not unwrap (tampered) is
   * skipped, logged by cluster id and counted in `remainingOnOtherKeys`.
   */
  async rotate(): Promise<KeyRotationResultDto> {
    await this.verifyKeys();
    const active = this.keys.active;
    const unreadable: string[] = [];
    let rewrapped = 0;
    for (;;) {
      const batch = await this.repository.inBatchNotOnKey(active.id, { limit: ROTATION_BATCH, exclude: unreadable }, async (rows, manager) => {
        for (const row of rows) {
          if (await this.rewrapRow(manager, row, active)) rewrapped += 1;
          else unreadable.push(row.clusterId);
        }
        return rows.length;
      });
      if (batch === 0) break;
    }
    const remainingOnOtherKeys = await this.repository.countNotOnKey(active.id);
    this.logger.log(`re-wrapped ${rewrapped} credential data keys under key '${active.id}'; ${remainingOnOtherKeys} remain on other keys`);
    return { activeKeyId: active.id, rewrapped, remainingOnOtherKeys };
  }

  private async rewrapRow(manager: EntityManager, row: ClusterCredentialEntity, active: KeyEncryptionKey): Promise<boolean> {
    try {
      await this.repository.rewrap(manager, row.clusterId, rewrap(row, row.clusterId, this.kekOf(row), active));
      return true;
    } catch (error) {
      if (!(error instanceof EnvelopeError || error instanceof CredentialsException)) throw error;
      this.logger.warn(`credentials of cluster ${row.clusterId} were not re-wrapped (${error.message}); replace them with PUT /api/v1/clusters/${row.clusterId}/credentials`);
      return false;
    }
  }

  private open(row: ClusterCredentialEntity): Buffer {
    const kek = this.kekOf(row);
    try {
      return open(row, row.clusterId, kek);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      throw new CredentialsException(ErrorCode.Internal, `stored credentials of cluster ${row.clusterId} cannot be decrypted: they were altered, or belong to another cluster's row`);
    }
  }

  private kekOf(row: Pick<SealedCredential, 'kekId'> & { clusterId: string }): KeyEncryptionKey {
    const kek = this.keys.find(row.kekId);
    if (!kek) throw new CredentialsException(ErrorCode.Internal, `credentials of cluster ${row.clusterId} are wrapped with key '${row.kekId}', which FLOTILLA_REGISTRY_KEYS lacks`);
    return kek;
  }
}


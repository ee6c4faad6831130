import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@flotilla/common';
import type { ClusterCredentialsDto, ClusterStatus, ConnectionTestDto, DetectionDto, NodeCapacityDto } from '@flotilla/contracts';
import {
  accessFromCredentials, describeAccess, detectProvider, KubeAccessError, readNodeCapacity, testConnection, type ClusterAccess,
} from '@flotilla/kube';
import type { CredentialMetadata } from '../credentials/credential-vault.service';
import type { RegistryConfig } from '../registry.config';
import { ClustersException } from './clusters.exception';
import { nullWhenUnreadable } from './cluster-read-failure.util';
import { authenticated, statusOf } from './cluster-status.util';

/** Credentials as the registry keeps them: the access itself and what may be shown about it. */
export interface ParsedCredentials {
  access: ClusterAccess;
  metadata: CredentialMetadata;
}

/** What a connection test (and, once authenticated, a detection) found. */
export interface ProbeResult {
  status: ClusterStatus;
  test: ConnectionTestDto;
  /** Null when the cluster could not be authenticated against, or detection failed. */
  detection: DetectionDto | null;
}

/**
 * The registry's one door to Kubernetes (libs/kube): reads credentials, tests connections, detects
 * providers and reads node capacity, with the configured connect timeout and allowed exec plugins.
 * Network calls only: callers never hold a database transaction across them.
 */
@Injectable()
export class ClusterProbe {
  private readonly timeoutMs: number;
  private readonly allowedExecCommands: string[];

  constructor(@Inject(APP_CONFIG) config: RegistryConfig) {
    this.timeoutMs = config.REGISTRY_CONNECT_TIMEOUT_MS;
    this.allowedExecCommands = config.REGISTRY_ALLOWED_EXEC_COMMANDS.split(',').filter((command) => command !== '');
  }

  /**
   * Normalises credentials from a request. Unusable ones are a 400 naming the field; ones needing an
   * exec plugin or auth provider this host does not allow are a 422 saying what the host needs.
   */
  parse(credentials: ClusterCredentialsDto): ParsedCredentials {
    const access = this.accessFrom(credentials);
    const described = describeAccess(access);
    if (described.hostRequirement && !this.allowedExecCommands.includes(described.hostRequirement)) {
      throw ClustersException.pluginNotAllowed(described.method === 'exec' ? 'exec plugin' : 'auth provider', described.hostRequirement);
    }
    return { access, metadata: { type: credentials.type, method: described.method, expiresAt: described.expiresAt, hostRequirement: described.hostRequirement } };
  }

  /**
   * Tests the connection and, when the credentials authenticate and `detectWhen` says so (always by
   * default), detects provider and version.
   */
  async probe(access: ClusterAccess, detectWhen: (test: ConnectionTestDto) => boolean = () => true): Promise<ProbeResult> {
    const test = await testConnection(access, this.options());
    const detection = authenticated(test) && detectWhen(test) ? await this.detect(access).catch(nullWhenUnreadable) : null;
    return { status: statusOf(test), test, detection };
  }

  /** Provider and version with the evidence; throws when the cluster cannot be read. */
  async detect(access: ClusterAccess): Promise<DetectionDto> {
    return detectProvider(access, this.options());
  }

  /** Every node with its capacity, allocatable and what bound pods request; throws when unreadable. */
  async nodes(access: ClusterAccess): Promise<NodeCapacityDto[]> {
    return readNodeCapacity(access, this.options());
  }

  private options(): { timeoutMs: number; allowedExecCommands: string[] } {
    return { timeoutMs: this.timeoutMs, allowedExecCommands: this.allowedExecCommands };
  }

  private accessFrom(credentials: ClusterCredentialsDto): ClusterAccess {
    try {
      return accessFromCredentials(credentials);
    } catch (error) {
      if (error instanceof KubeAccessError) throw ClustersException.invalidField(error.field, error.message);
      throw error;
    }
  }
}

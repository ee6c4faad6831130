import { ErrorCode, type ConnectionFailureReason } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';

/** Errors of the clusters context. */
export class ClustersException extends DomainException {
  /** VALIDATION_FAILED (400) naming one field. */
  static invalidField(field: string, message: string): ClustersException {
    return new ClustersException(ErrorCode.ValidationFailed, `invalid input: ${field}: ${message}`, { fields: [{ field, messages: [message] }] });
  }

  /** CONFLICT (409): the owner already has a cluster of that name. */
  static nameTaken(name: string): ClustersException {
    return new ClustersException(ErrorCode.Conflict, `a cluster named ${name} is already registered for this owner`, {
      fields: [{ field: 'name', messages: [`${name} is taken`] }],
    });
  }

  /** FORBIDDEN (403): the caller sees the cluster (or may act in the organization) but not do this. */
  static forbidden(message: string, details?: Record<string, unknown>): ClustersException {
    return new ClustersException(ErrorCode.Forbidden, message, details);
  }

  /** AUTH_PLUGIN_NOT_ALLOWED (422): the credentials need a plugin this installation does not run. */
  static pluginNotAllowed(method: string, requirement: string): ClustersException {
    const message =
      `the credentials authenticate with the ${method} "${requirement}", which this Flotilla installation does not run: ` +
      `the registry host needs "${requirement}" installed and REGISTRY_ALLOWED_EXEC_COMMANDS to include it, or register the cluster with a token or client certificate`;
    return new ClustersException(ErrorCode.AuthPluginNotAllowed, message, {
      fields: [{ field: 'credentials', messages: [message] }],
      hostRequirement: requirement,
    });
  }

  /** CLUSTER_UNREACHABLE (502 at the gateway): the cluster could not be read. */
  static unreachable(clusterId: string, message: string, reason: ConnectionFailureReason | null): ClustersException {
    return new ClustersException(ErrorCode.ClusterUnreachable, message, { clusterId, reason });
  }
}

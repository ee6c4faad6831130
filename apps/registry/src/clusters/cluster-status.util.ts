import { ClusterStatus, ConnectionFailureReason, ConnectionStep, type ConnectionTestDto } from '@flotilla/contracts';

const STATUS_BY_REASON: Record<ConnectionFailureReason, ClusterStatus> = {
  [ConnectionFailureReason.DnsNotFound]: ClusterStatus.Unreachable,
  [ConnectionFailureReason.ConnectionRefused]: ClusterStatus.Unreachable,
  [ConnectionFailureReason.Timeout]: ClusterStatus.Unreachable,
  [ConnectionFailureReason.TlsUnknownAuthority]: ClusterStatus.Unreachable,
  [ConnectionFailureReason.TlsError]: ClusterStatus.Unreachable,
  [ConnectionFailureReason.UnexpectedResponse]: ClusterStatus.Unreachable,
  [ConnectionFailureReason.Unauthorized]: ClusterStatus.Unauthorized,
  [ConnectionFailureReason.AuthPluginNotAllowed]: ClusterStatus.Unauthorized,
  [ConnectionFailureReason.MissingPermissions]: ClusterStatus.Forbidden,
};

/** State of a cluster after a connection test: ready, or why not (unreachable, unauthorized, forbidden). */
export function statusOf(test: ConnectionTestDto): ClusterStatus {
  if (test.ok) return ClusterStatus.Ready;
  return STATUS_BY_REASON[test.reason ?? ConnectionFailureReason.UnexpectedResponse];
}

/** Whether the test got far enough (authenticated) for the cluster's provider and version to be read. */
export function authenticated(test: ConnectionTestDto): boolean {
  return test.steps.some((step) => step.step === ConnectionStep.Authentication && step.ok);
}

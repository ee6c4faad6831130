/** The level a quota applies to: the whole organization, one team in it, or one user in it. */
export enum QuotaScope {
  Org = 'org',
  Team = 'team',
  User = 'user',
}

/** Resources every quota lists, whether a limit is set or not. GPUs and other extended resources are added by name. */
export const STANDARD_QUOTA_RESOURCES = ['cpu', 'memory', 'ephemeral-storage', 'storage', 'workloads'] as const;

/** One of {@link STANDARD_QUOTA_RESOURCES}. */
export type StandardQuotaResource = (typeof STANDARD_QUOTA_RESOURCES)[number];

/**
 * Unit of a resource's exact integer value: cpu in millicores, memory and storage in bytes, workloads
 * and extended resources (GPUs: `nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`, `amd.com/gpu`) as counts.
 */
export enum QuotaUnit {
  Millicores = 'millicores',
  Bytes = 'bytes',
  Count = 'count',
}

/**
 * A Kubernetes extended resource name: `<DNS subdomain>/<name>` (GPUs and device plugins), as
 * Kubernetes accepts them outside the reserved `kubernetes.io` domain (checked by the service).
 */
export const EXTENDED_RESOURCE_PATTERN =
  /^(?=[^/]{1,253}\/)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** States of a reservation: `reserved` holds amounts until committed, released or expired. */
export enum ReservationState {
  Reserved = 'reserved',
  Committed = 'committed',
  Released = 'released',
  Expired = 'expired',
}

/** Why the ledger changed, as told by `quota.changed`. */
export enum QuotaChangeReason {
  Reserved = 'reserved',
  Committed = 'committed',
  Released = 'released',
  Expired = 'expired',
  LimitsSet = 'limits-set',
}

/** Shortest and longest time a reservation may wait for its commit before it expires. */
export const RESERVATION_TTL_SECONDS = { min: 1, max: 86_400, default: 300 } as const;

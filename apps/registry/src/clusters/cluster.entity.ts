import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ClusterProvider, ClusterStatus, ConnectionTestDto, DetectionDto, ResourceQuantities } from '@flotilla/contracts';

/** A registered cluster (registry.clusters). Its credentials are kept by the credentials context. */
@Entity({ name: 'clusters' })
export class ClusterEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Owning organization; null for a platform cluster. */
  @Column('uuid', { name: 'org_id', nullable: true })
  orgId: string | null;

  @Column('text')
  name: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('boolean', { name: 'shared_with_all', default: false })
  sharedWithAll: boolean;

  @Column('uuid', { name: 'shared_org_ids', array: true, default: () => `'{}'` })
  sharedOrgIds: string[];

  @Column('jsonb', { default: () => `'{}'` })
  labels: Record<string, string>;

  @Column('text', { nullable: true })
  region: string | null;

  @Column('text')
  server: string;

  @Column('text')
  status: ClusterStatus;

  @Column('text', { default: 'unknown' })
  provider: ClusterProvider;

  @Column('text', { name: 'git_version', nullable: true })
  gitVersion: string | null;

  @Column('jsonb', { name: 'last_test', nullable: true })
  lastTest: ConnectionTestDto | null;

  @Column('jsonb', { nullable: true })
  detection: DetectionDto | null;

  @Column('jsonb', { name: 'declared_capacity', default: () => `'{}'` })
  declaredCapacity: ResourceQuantities;

  @Column('text', { name: 'rate_card_ref', nullable: true })
  rateCardRef: string | null;

  /** User who registered it; null for the system (the default cluster). */
  @Column('text', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

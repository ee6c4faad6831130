import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@flotilla/contracts';

/** A user; `passwordHash` (argon2id) is never selected unless asked for, and never leaves the service. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Null for platform admins only. */
  @Column('uuid', { name: 'org_id', nullable: true })
  orgId: string | null;

  @Column('text')
  username: string;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text')
  role: Role;

  @Column('text', { name: 'password_hash', nullable: true, select: false })
  passwordHash: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TokenScope } from '@flotilla/contracts';

/** An API token: only the SHA-256 of the token is kept, with a short prefix to recognise it by. */
@Entity({ name: 'api_tokens' })
export class ApiTokenEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  name: string;

  @Column('text', { array: true })
  scopes: TokenScope[];

  @Column('text', { name: 'token_hash', select: false })
  tokenHash: string;

  @Column('text')
  prefix: string;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}

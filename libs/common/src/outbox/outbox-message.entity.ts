import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One domain event waiting in (or already sent from) a service's transactional outbox. Written in
 * the same transaction as the change it announces, so an event is never lost nor invented; the
 * {@link OutboxRelay} later publishes it to JetStream with its id as the message id.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unsent_idx', ['createdAt'], { where: 'sent_at IS NULL' })
export class OutboxMessage {
  /** Generated in code (not by the database) so the caller knows it before commit; also the JetStream msg id. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  subject: string;

  @Column('jsonb')
  payload: unknown;

  @Column('jsonb', { nullable: true })
  headers: Record<string, string> | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  /** When JetStream acknowledged the event; NULL while it still has to be published. */
  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  /** Publish attempts so far (successful or not). */
  @Column('int', { default: 0 })
  attempts: number;

  /** Why the latest publish attempt failed, for operators. */
  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;
}

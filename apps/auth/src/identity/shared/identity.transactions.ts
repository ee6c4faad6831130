import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OutboxWriter } from '@flotilla/common';

/** One transaction for a change and the events announcing it (transactional outbox). */
@Injectable()
export class IdentityTransactions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Enqueues an event in the transaction of `manager`; it is published once that commits. */
  async publish(manager: EntityManager, subject: string, payload: object): Promise<void> {
    await this.outbox.enqueue(manager, { subject, payload });
  }

  /** The manager outside any transaction, for reads. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}

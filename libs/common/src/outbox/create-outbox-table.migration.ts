import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the `outbox` table of {@link OutboxMessage} in the service's own schema (names are left
 * unqualified: the data source pins `search_path`). Every service that publishes events lists it
 * among its migrations. The partial index keeps the relay's "oldest unsent first" scan cheap however
 * many sent rows pile up.
 */
export class CreateOutboxTable1732300000000 implements MigrationInterface {
  name = 'CreateOutboxTable1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await queryRunner.query('CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per mutating request through the gateway. Ids are text, not uuid: they
 * are recorded as the request named them, and a malformed one must not lose the row. `target_ids`
 * repeats the values of `target` so "every event about object X" is one GIN lookup. Indexes serve
 * the list's keyset order (occurred_at DESC, id DESC) under each filter.
 */
export class CreateAuditLog1732303000001 implements MigrationInterface {
  name = 'CreateAuditLog1732303000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        request_id text NOT NULL,
        user_id text,
        org_id text,
        role text,
        token_id text,
        action text NOT NULL,
        method text NOT NULL,
        route text NOT NULL,
        target jsonb NOT NULL DEFAULT '{}'::jsonb,
        target_ids text[] NOT NULL DEFAULT '{}',
        status smallint NOT NULL,
        error_code text,
        client_ip text,
        user_agent text,
        duration_ms integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query('CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX audit_log_org_time_idx ON audit_log (org_id, occurred_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX audit_log_org_failures_idx ON audit_log (org_id, occurred_at DESC, id DESC) WHERE status >= 400');
    await queryRunner.query('CREATE INDEX audit_log_user_time_idx ON audit_log (user_id, occurred_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX audit_log_action_time_idx ON audit_log (action text_pattern_ops, occurred_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX audit_log_request_idx ON audit_log (request_id)');
    await queryRunner.query('CREATE INDEX audit_log_target_ids_idx ON audit_log USING gin (target_ids)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_log');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quota ledger: one row per (organization, scope, resource) holding the hard limit (NULL:
 * unlimited) and the exact amounts used (committed) and reserved, as numeric integers (millicores,
 * bytes, counts; never floats). Rows of a team or user scope point at that team or user *of the same
 * organization* through composite foreign keys to the identity tables, so a quota row can never
 * charge another tenant's team; deleting an organization, team or user deletes its rows.
 *
 * Reservations keep their amounts (`{ resource: "<integer>" }`), their idempotency key (unique per
 * organization) with the hash of the request it was first used with, and their state; the partial
 * index serves the reaper's scan for expired ones.
 */
export class CreateQuotaLedger1732302000000 implements MigrationInterface {
  name = 'CreateQuotaLedger1732302000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE quota_ledger (
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        scope text NOT NULL CHECK (scope IN ('org', 'team', 'user')),
        scope_id uuid NOT NULL,
        resource text COLLATE "C" NOT NULL,
        hard numeric(39, 0) CHECK (hard >= 0),
        used numeric(39, 0) NOT NULL DEFAULT 0 CHECK (used >= 0),
        reserved numeric(39, 0) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        team_id uuid GENERATED ALWAYS AS (CASE WHEN scope = 'team' THEN scope_id END) STORED,
        user_id uuid GENERATED ALWAYS AS (CASE WHEN scope = 'user' THEN scope_id END) STORED,
        PRIMARY KEY (org_id, scope, scope_id, resource),
        CONSTRAINT quota_ledger_org_scope_id CHECK (scope <> 'org' OR scope_id = org_id),
        CONSTRAINT quota_ledger_team_fk FOREIGN KEY (team_id, org_id) REFERENCES teams (id, org_id) ON DELETE CASCADE,
        CONSTRAINT quota_ledger_user_fk FOREIGN KEY (user_id, org_id) REFERENCES users (id, org_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE quota_reservations (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        team_id uuid,
        user_id uuid,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        amounts jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('reserved', 'committed', 'released', 'expired')),
        ttl_seconds integer NOT NULL CHECK (ttl_seconds > 0),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        committed_at timestamptz,
        ended_at timestamptz,
        created_by text NOT NULL,
        CONSTRAINT quota_reservations_idempotency_key UNIQUE (org_id, idempotency_key)
      )`);
    await queryRunner.query(`CREATE INDEX quota_reservations_expiry_idx ON quota_reservations (expires_at) WHERE state = 'reserved'`);
    await queryRunner.query('CREATE INDEX quota_reservations_org_idx ON quota_reservations (org_id, created_at DESC, id DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE quota_reservations');
    await queryRunner.query('DROP TABLE quota_ledger');
  }
}

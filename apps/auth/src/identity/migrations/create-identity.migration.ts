import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations, teams, users, team membership, API tokens and the identity settings (the generated
 * JWT key). Names are unqualified: the data source pins `search_path` to the auth schema.
 *
 * - Platform admins are the only users without an organization (a CHECK keeps it so).
 * - A team member is a user of the team's own organization: the composite foreign keys make a
 *   cross-organization membership impossible, whatever the code does.
 * - API tokens are stored as the SHA-256 of a high-entropy random token (unique), with a short
 *   display prefix; the token itself is never stored.
 */
export class CreateIdentity1732301000000 implements MigrationInterface {
  name = 'CreateIdentity1732301000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        display_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organizations_name_key UNIQUE (name)
      )`);
    await queryRunner.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL,
        display_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT teams_org_name_key UNIQUE (org_id, name),
        CONSTRAINT teams_id_org_key UNIQUE (id, org_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        org_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
        username text NOT NULL,
        email text,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('platform-admin', 'org-admin', 'member', 'viewer')),
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_platform_admin_has_no_org CHECK ((role = 'platform-admin') = (org_id IS NULL)),
        CONSTRAINT users_id_org_key UNIQUE (id, org_id)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX users_username_key ON users (lower(username))');
    await queryRunner.query('CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL');
    await queryRunner.query('CREATE INDEX users_org_idx ON users (org_id)');
    await queryRunner.query(`
      CREATE TABLE team_members (
        team_id uuid NOT NULL,
        user_id uuid NOT NULL,
        org_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, user_id),
        FOREIGN KEY (team_id, org_id) REFERENCES teams (id, org_id) ON DELETE CASCADE,
        FOREIGN KEY (user_id, org_id) REFERENCES users (id, org_id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX team_members_user_idx ON team_members (user_id)');
    await queryRunner.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write']),
        token_hash text NOT NULL,
        prefix text NOT NULL,
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await queryRunner.query('CREATE INDEX api_tokens_user_idx ON api_tokens (user_id)');
    await queryRunner.query(`
      CREATE TABLE settings (
        key text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['settings', 'api_tokens', 'team_members', 'users', 'teams', 'organizations']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

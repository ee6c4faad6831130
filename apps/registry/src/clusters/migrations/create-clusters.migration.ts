import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registered clusters. A name is unique per owner: per organization, and among platform clusters
 * (org_id NULL; NULLS NOT DISTINCT makes them one owner, and lets replicas registering the default
 * cluster together settle it with the constraint). Sharing is a flag for every organization plus a
 * list of organization ids. Status, provider and version sit in columns for the list filters; the
 * latest connection test and detection are kept whole as JSON. Credentials live in
 * cluster_credentials (the credentials context), never here.
 */
export class CreateClusters1732401000000 implements MigrationInterface {
  name = 'CreateClusters1732401000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE clusters (
        id uuid PRIMARY KEY,
        org_id uuid,
        name text COLLATE "C" NOT NULL,
        display_name text NOT NULL,
        shared_with_all boolean NOT NULL DEFAULT false,
        shared_org_ids uuid[] NOT NULL DEFAULT '{}',
        labels jsonb NOT NULL DEFAULT '{}',
        region text,
        server text NOT NULL,
        status text NOT NULL CHECK (status IN ('ready', 'unreachable', 'unauthorized', 'forbidden')),
        provider text NOT NULL DEFAULT 'unknown',
        git_version text,
        last_test jsonb,
        detection jsonb,
        declared_capacity jsonb NOT NULL DEFAULT '{}',
        rate_card_ref text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT clusters_owner_name UNIQUE NULLS NOT DISTINCT (org_id, name)
      )`);
    await queryRunner.query('CREATE INDEX clusters_name_idx ON clusters (name, id)');
    await queryRunner.query('CREATE INDEX clusters_shared_org_ids_idx ON clusters USING gin (shared_org_ids)');
    await queryRunner.query('CREATE INDEX clusters_labels_idx ON clusters USING gin (labels jsonb_path_ops)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE clusters');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Encrypted cluster credentials, one row per cluster (see ClusterCredentialEntity). The kek_id index
 * serves key rotation (rows not on the active key) and the start-up check (one row per key id).
 */
export class CreateClusterCredentials1732402000000 implements MigrationInterface {
  name = 'CreateClusterCredentials1732402000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cluster_credentials (
        cluster_id uuid PRIMARY KEY,
        envelope_version smallint NOT NULL,
        kek_id text NOT NULL,
        wrapped_key bytea NOT NULL,
        wrap_nonce bytea NOT NULL,
        wrap_tag bytea NOT NULL,
        data_nonce bytea NOT NULL,
        data_tag bytea NOT NULL,
        ciphertext bytea NOT NULL,
        type text NOT NULL,
        method text NOT NULL,
        expires_at timestamptz,
        host_requirement text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX cluster_credentials_kek_idx ON cluster_credentials (kek_id, cluster_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE cluster_credentials');
  }
}

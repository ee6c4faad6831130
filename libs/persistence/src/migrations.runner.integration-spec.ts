import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inject } from 'vitest';
import { serviceDataSourceOptions } from './data-source.options';
import { openMigratedDataSource } from './migrations.runner';

class CreateWidgets1700000000001 implements MigrationInterface {
  name = 'CreateWidgets1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    // slow enough that unlocked replicas would overlap
    await runner.query('SELECT pg_sleep(0.2)');
    await runner.query('CREATE TABLE widgets (id int PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets');
  }
}

describe(openMigratedDataSource.name, () => {
  it('lets replicas that start together on an empty schema migrate one at a time, each migration once', async () => {
    const schema = `migrate_${randomUUID().slice(0, 8)}`;
    const options = await serviceDataSourceOptions({ url: inject('databaseUrl'), schema, entities: [], migrations: [CreateWidgets1700000000001] });
    const replicas = await Promise.all([1, 2, 3].map(() => openMigratedDataSource({ ...options, logging: false })));
    try {
      const applied = await replicas[0]!.query('SELECT name FROM migrations');
      expect(applied).toEqual([{ name: 'CreateWidgets1700000000001' }]);
      expect(await replicas[2]!.query('SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 0 }]);
    } finally {
      await Promise.all(replicas.map((r) => r.destroy()));
    }
  });
});

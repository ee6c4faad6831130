// `npm run registry:rotate-keys`: re-wraps every stored credential's data key under the active key
// (FLOTILLA_REGISTRY_ACTIVE_KEY, default the last of FLOTILLA_REGISTRY_KEYS) and prints the result as
// JSON on stdout. Exits 1 while credentials remain on other keys, so a script never drops an old key
// too early. Logs go to stderr, keeping stdout to the JSON.
import { Logger, type LoggerService } from '@nestjs/common';
import { CreateOutboxTable1732300000000, loadConfig, OutboxMessage, runMain } from '@flotilla/common';
import { openMigratedDataSource, serviceDataSourceOptions } from '@flotilla/persistence';
import { CredentialVault } from './credentials/credential-vault.service';
import { CredentialsRepository } from './credentials/credentials.repository';
import { REGISTRY_ENTITIES, REGISTRY_MIGRATIONS } from './migrations';
import { RegistryConfig, registryKeyRing } from './registry.config';

const stderrLogger: LoggerService = {
  log: (message: unknown) => writeLog('info', message),
  warn: (message: unknown) => writeLog('warn', message),
  error: (message: unknown) => writeLog('error', message),
};

function writeLog(level: string, message: unknown): void {
  process.stderr.write(`${JSON.stringify({ level, service: 'registry', msg: String(message) })}\n`);
}

runMain(async () => {
  const config = loadConfig(RegistryConfig);
  Logger.overrideLogger(stderrLogger);
  const options = await serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: 'registry',
    entities: [OutboxMessage, ...REGISTRY_ENTITIES],
    migrations: [CreateOutboxTable1732300000000, ...REGISTRY_MIGRATIONS],
  });
  const dataSource = await openMigratedDataSource({ ...options, logging: false });
  try {
    const vault = new CredentialVault(new CredentialsRepository(dataSource), registryKeyRing(config));
    const result = await vault.rotate();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.remainingOnOtherKeys > 0) process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
});

// `npm start`: the whole platform on one machine for a new user. Uses the NATS and Postgres at
// NATS_URL / DATABASE_URL when they answer, else starts a local nats-server and an embedded Postgres
// (data under .flotilla/), creates the database, runs kube-sim, the five services and the gateway,
// waits until every one is healthy, prints where everything is, and stops it all on Ctrl-C.
import { join } from 'node:path';
import { ensureDatabase } from '@flotilla/persistence';
import { assertBuilt, assertPortsFree, platformApps, type AppSpec } from './launcher/apps';
import { bootstrapTokenIn, renderBanner, type BannerInput } from './launcher/banner';
import { waitUntilHealthy, type HealthReport } from './launcher/health';
import { LaunchError } from './launcher/launch-error';
import { Lifecycle } from './launcher/lifecycle';
import { ensureNats } from './launcher/nats';
import { say } from './launcher/output';
import { Platform, startWaves } from './launcher/platform';
import { ensurePostgres } from './launcher/postgres';
import { describeExit } from './launcher/processes';
import { ensureRegistryKeys } from './launcher/registry-keys';
import { readSettings, redactUrl, type LaunchSettings } from './launcher/settings';

/** The repository root: this file runs as dist/scripts/start.js. */
const ROOT = join(__dirname, '..', '..');

function checkpoint(lifecycle: Lifecycle): void {
  if (lifecycle.isStopping) throw new LaunchError('start-up interrupted');
}

async function startInfrastructure(settings: LaunchSettings, lifecycle: Lifecycle): Promise<BannerInput['started']> {
  const nats = await ensureNats(settings.natsUrl, {
    storeDir: join(settings.dataDir, 'nats'),
    quiet: settings.quiet,
    onStarted: (server) => {
      say(`NATS not reachable at ${settings.natsUrl}: starting nats-server (${server.description})`);
      lifecycle.defer('nats-server', server.stop);
    },
  });
  checkpoint(lifecycle);
  const postgres = await ensurePostgres(settings.databaseUrl, {
    dataDir: join(settings.dataDir, 'postgres'),
    onStarted: (server) => {
      say(`Postgres not reachable at ${redactUrl(settings.databaseUrl)}: starting ${server.description}`);
      lifecycle.defer('embedded Postgres', server.stop);
    },
  });
  checkpoint(lifecycle);
  await ensureDatabase(settings.databaseUrl).catch((error: Error) => {
    throw new LaunchError(`Cannot create the database of DATABASE_URL=${redactUrl(settings.databaseUrl)}: ${error.message}`);
  });
  checkpoint(lifecycle);
  return { nats, postgres };
}

/** Starts the apps wave by wave, each once the one before is healthy; answers where each answered. */
async function startApps(platform: Platform, apps: readonly AppSpec[], settings: LaunchSettings, lifecycle: Lifecycle): Promise<HealthReport> {
  const health: HealthReport = new Map();
  for (const wave of startWaves(apps)) {
    say(`starting ${wave.map((app) => app.name).join(', ')}`);
    const ready = await waitUntilHealthy(platform.start(wave), settings.startTimeoutMs, () => lifecycle.isStopping);
    ready.forEach((url, name) => health.set(name, url));
  }
  return health;
}

async function main(lifecycle: Lifecycle): Promise<void> {
  const settings = readSettings(ROOT);
  const registryKeys = ensureRegistryKeys(settings.registryKeysFile);
  if (registryKeys.source === 'created') say(`generated the registry's credential key into ${settings.registryKeysFile} (back it up with the database)`);
  const apps = platformApps(settings, registryKeys);
  assertBuilt(apps);
  await assertPortsFree(apps);
  const started = await startInfrastructure(settings, lifecycle);
  const seen: { bootstrapToken?: string } = {};
  const platform = new Platform(settings, (app, line) => {
    if (app === 'auth') seen.bootstrapToken ??= bootstrapTokenIn(line);
  });
  lifecycle.defer(apps.map((app) => app.name).join(', '), () => platform.stop());
  const health = await startApps(platform, apps, settings, lifecycle);
  process.stdout.write(renderBanner({ settings, apps, health, started, bootstrapToken: seen.bootstrapToken }));
  const crashed = await platform.firstExit();
  if (lifecycle.isStopping) return;
  say(`${crashed.name} ${describeExit(crashed.exitInfo)}: stopping Flotilla. Its last lines:\n${crashed.lastLines().slice(-10).join('\n')}`, process.stderr);
  await lifecycle.shutdown(1);
}

function fail(lifecycle: Lifecycle, error: unknown): void {
  if (lifecycle.isStopping) return;
  const message = error instanceof LaunchError ? error.message : `launcher failed: ${(error as Error)?.stack ?? String(error)}`;
  say(message, process.stderr);
  void lifecycle.shutdown(1);
}

const lifecycle = new Lifecycle();
lifecycle.handleSignals();
process.on('uncaughtException', (error) => fail(lifecycle, error));
process.on('unhandledRejection', (error) => fail(lifecycle, error));
main(lifecycle).catch((error: unknown) => fail(lifecycle, error));

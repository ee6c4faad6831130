// What a new user sees once everything answers: where the API, the docs and the simulator are, where
// the data lives, and what to try first. The first line is the one scripts and tests wait for.
import { join, relative } from 'node:path';
import type { AppSpec } from './apps';
import type { HealthReport } from './health';
import { redactUrl, type LaunchSettings } from './settings';
import type { StartedServer } from './started-server';

/** What the banner describes. */
export interface BannerInput {
  settings: LaunchSettings;
  apps: readonly AppSpec[];
  health: HealthReport;
  /** Servers the launcher started itself, by role. */
  started: { postgres?: StartedServer; nats?: StartedServer };
  /** The platform admin's bootstrap token, when auth printed it during this start (first start only). */
  bootstrapToken?: string;
}

/** The line auth prints once with the bootstrap token (apps/auth bootstrap.service.ts). */
const BOOTSTRAP_TOKEN_LINE = /^FLOTILLA BOOTSTRAP TOKEN: (\S+)\s*$/;

/** The bootstrap token in one line of auth's output, if it is that line. */
export function bootstrapTokenIn(line: string): string | undefined {
  return BOOTSTRAP_TOKEN_LINE.exec(line)?.[1];
}

/** The first line of the banner, printed once the whole platform is healthy. */
export const UP_LINE = 'Flotilla is up:';

function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function serviceLine(apps: readonly AppSpec[]): string {
  return apps
    .filter((app) => app.name !== 'gateway' && app.name !== 'kube-sim')
    .map((app) => `${app.name} ${app.address}/health`)
    .join(', ');
}

function kubeSimLine(input: BannerInput): string {
  const app = input.apps.find((candidate) => candidate.name === 'kube-sim');
  const url = input.health.get('kube-sim')?.replace(/\/readyz$/, '') ?? `https://${app?.address ?? ''}`;
  const kubeconfig = shortPath(join(input.settings.kubeSimDataDir, 'kubeconfigs', 'default.yaml'));
  return `${url}/clusters/default   (kubeconfig: ${kubeconfig})`;
}

function tokenLine(token: string | undefined): string {
  if (token) return `  TOKEN=${token}   # the platform admin's API token, shown only on this first start: keep it`;
  return '  TOKEN=<the FLOTILLA BOOTSTRAP TOKEN auth printed on its first start>';
}

function clustersHint(input: BannerInput): string {
  return input.settings.defaultClusterKubeconfig ? 'the registered clusters: kube-sim\'s "default", ready' : 'the registered clusters';
}

/** The banner, one string of several lines. */
export function renderBanner(input: BannerInput): string {
  const { settings, started } = input;
  const gateway = input.apps.find((app) => app.name === 'gateway')?.address ?? '';
  const postgres = started.postgres ? `started: ${started.postgres.description}` : 'already running, left alone';
  const nats = started.nats ? `started: ${started.nats.description}` : 'already running, left alone';
  return [
    '',
    `${UP_LINE} ${gateway}/api/v1`,
    '',
    `  REST API     ${gateway}/api/v1`,
    `  Swagger UI   ${gateway}/docs`,
    `  OpenAPI      ${gateway}/openapi.json`,
    `  Health       ${gateway}/health`,
    `  Services     ${serviceLine(input.apps)}`,
    `  kube-sim     ${kubeSimLine(input)}`,
    `  Postgres     ${redactUrl(settings.databaseUrl)}   (${postgres})`,
    `  NATS         ${settings.natsUrl}   (${nats})`,
    `  Data         ${shortPath(settings.dataDir)}   (delete it for a clean slate)`,
    '',
    'Next:',
    `  curl ${gateway}/api/v1/system/info`,
    tokenLine(input.bootstrapToken),
    `  curl -H "Authorization: Bearer $TOKEN" ${gateway}/api/v1/clusters   # ${clustersHint(input)}`,
    `  open ${gateway}/docs in a browser`,
    '  Ctrl-C stops everything (FLOTILLA_QUIET=1 npm start shows only errors).',
    '',
  ].join('\n');
}

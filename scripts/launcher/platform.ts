// The running platform: one supervised node process per app, started in waves (an app whose
// dependents read it at start comes up first), stopped together (SIGTERM, then SIGKILL after the
// grace period), never left behind as orphans.
import { appEnvironment, FIRST_WAVE, type AppSpec } from './apps';
import type { HealthTarget } from './health';
import { say } from './output';
import { describeExit, SupervisedProcess } from './processes';
import type { LaunchSettings } from './settings';

/** The apps in start waves: kube-sim first (the registry registers its default cluster at start), then the rest together. */
export function startWaves(apps: readonly AppSpec[]): AppSpec[][] {
  const first = apps.filter((app) => FIRST_WAVE.has(app.name));
  const rest = apps.filter((app) => !FIRST_WAVE.has(app.name));
  return [first, rest].filter((wave) => wave.length > 0);
}

/** Every app of the platform as a child process of the launcher. */
export class Platform {
  private readonly children: SupervisedProcess[] = [];

  constructor(
    private readonly settings: LaunchSettings,
    /** Sees every stdout line of every app. */
    private readonly onLine?: (app: string, line: string) => void,
  ) {
    // last resort if the launcher itself dies: no child outlives it
    process.once('exit', () => this.children.forEach((child) => child.signal('SIGKILL')));
  }

  /** Spawns `apps` with `node <absolute entry>` (no shell), from the repository root; answers what to wait for. */
  start(apps: readonly AppSpec[]): HealthTarget[] {
    return apps.map((app) => {
      const child = new SupervisedProcess({
        name: app.name,
        command: process.execPath,
        args: [app.entry],
        cwd: this.settings.root,
        env: appEnvironment(this.settings, app),
        quiet: this.settings.quiet,
        onLine: this.onLine && ((line) => this.onLine!(app.name, line)),
      });
      this.children.push(child);
      return { name: app.name, urls: app.healthUrls, process: child };
    });
  }

  /** Resolves with the first child that exits (for a crash after start-up). */
  firstExit(): Promise<SupervisedProcess> {
    return Promise.race(this.children.map((child) => child.ended.then(() => child)));
  }

  /** Stops every child at once and waits until all are gone. */
  async stop(): Promise<void> {
    const running = this.children.filter((child) => child.running);
    if (running.length === 0) return;
    const killed = await Promise.all(running.map((child) => child.stop(this.settings.stopGraceMs)));
    running.forEach((child, index) => {
      if (killed[index]) say(`${child.name} did not stop within ${this.settings.stopGraceMs} ms: killed`);
      else if (child.exitInfo?.code) say(`${child.name} ${describeExit(child.exitInfo)}`);
    });
  }
}

// The running platform: one supervised node process per app, stopped together (SIGTERM, then
// SIGKILL after the grace period), never left behind as orphans.
import { appEnvironment, type AppSpec } from './apps';
import type { HealthTarget } from './health';
import { say } from './output';
import { describeExit, SupervisedProcess } from './processes';
import type { LaunchSettings } from './settings';

/** Every app of the platform as a child process of the launcher. */
export class Platform {
  private constructor(
    private readonly settings: LaunchSettings,
    readonly children: readonly SupervisedProcess[],
  ) {
    // last resort if the launcher itself dies: no child outlives it
    process.once('exit', () => this.children.forEach((child) => child.signal('SIGKILL')));
  }

  /** Spawns every app with `node <absolute entry>` (no shell), from the repository root. */
  static start(settings: LaunchSettings, apps: readonly AppSpec[]): Platform {
    const children = apps.map(
      (app) =>
        new SupervisedProcess({
          name: app.name,
          command: process.execPath,
          args: [app.entry],
          cwd: settings.root,
          env: appEnvironment(settings, app),
          quiet: settings.quiet,
        }),
    );
    return new Platform(settings, children);
  }

  /** What to wait for before the platform counts as up. */
  healthTargets(apps: readonly AppSpec[]): HealthTarget[] {
    return apps.map((app, index) => ({ name: app.name, urls: app.healthUrls, process: this.children[index] }));
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

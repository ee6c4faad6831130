// Shutdown in one place: whatever the launcher starts registers how to stop it; a signal, a failed
// start or a crashed child runs those stops in reverse order exactly once, then exits.
import { say } from './output';

type Stop = () => Promise<void>;

/** The stack of things to stop, and the one way out of the launcher. */
export class Lifecycle {
  private readonly stops: Array<{ what: string; stop: Stop }> = [];
  private stopping: Promise<never> | undefined;

  /** True once shutdown has begun: start-up steps check it and give up. */
  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Registers how to stop something that was just started; stops run last-registered first. */
  defer(what: string, stop: Stop): void {
    this.stops.push({ what, stop });
  }

  /** SIGINT and SIGTERM stop everything and exit 0; a repeated signal only says it is on its way. */
  handleSignals(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.isStopping) return say(`${signal} again: still stopping (children that hang get SIGKILL).`);
      say(`${signal} received: stopping Flotilla...`);
      void this.shutdown(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
  }

  /** Runs every registered stop (each once, newest first, errors reported not thrown), then exits with `code`. */
  shutdown(code: number): Promise<never> {
    this.stopping ??= this.runStops().then(() => {
      say(code === 0 ? 'Flotilla stopped.' : `Flotilla stopped (exit ${code}).`);
      process.exit(code);
    });
    return this.stopping;
  }

  private async runStops(): Promise<void> {
    for (const { what, stop } of this.stops.reverse()) {
      try {
        say(`stopping ${what}`);
        await stop();
      } catch (error) {
        say(`could not stop ${what}: ${(error as Error).message}`, process.stderr);
      }
    }
  }
}

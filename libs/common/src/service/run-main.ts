import { ConfigValidationError } from '../config/config.loader';

/**
 * Runs an app's entry point: a bad configuration prints every bad variable and exits 1 (fail fast,
 * no stack trace to wade through); any other start-up failure is reported and exits 1 too.
 */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const message = error instanceof ConfigValidationError ? error.message : `start-up failed: ${(error as Error)?.stack ?? String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}

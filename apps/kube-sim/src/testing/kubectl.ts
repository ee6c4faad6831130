// kubectl as a user runs it against a kube-sim cluster: with the kubeconfig kube-sim wrote, and
// manifests written to files first (as `kubectl apply -f` takes them).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** kubectl bound to one kubeconfig, and a place for the manifests it applies. */
export interface Kubectl {
  /** Runs kubectl; resolves with its stdout, rejects when it exits non-zero. */
  run(...args: string[]): Promise<string>;
  /** Runs kubectl expecting it to fail; resolves with its stderr ('' when it succeeded). */
  failure(...args: string[]): Promise<string>;
  /** Writes `text` to `name` in the scratch directory; returns the file's path. */
  write(name: string, text: string | Buffer): string;
}

/** kubectl with `--kubeconfig kubeconfigPath`, writing manifests into `scratchDir`. */
export function kubectlWith(kubeconfigPath: string, scratchDir: string): Kubectl {
  const args = (rest: string[]) => ['--kubeconfig', kubeconfigPath, ...rest];
  return {
    run: async (...rest) => (await exec('kubectl', args(rest))).stdout,
    failure: (...rest) =>
      exec('kubectl', args(rest)).then(
        () => '',
        (error: { stderr?: string }) => error.stderr ?? '',
      ),
    write(name, text) {
      const file = join(scratchDir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

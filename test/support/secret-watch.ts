// Watches a suite for credentials showing up where they must never be: in any answer of the
// gateway or any line the in-process apps print. Feed it every secret the suite hands Flotilla.
import { OutputCapture } from './output-capture';
import type { ResponseObserver } from './tenants';

/** Where a secret showed up. */
export interface Leak {
  secret: string;
  where: string;
}

/** Collects answers and log output, and finds secrets in them. */
export class SecretWatch {
  private readonly output = new OutputCapture();
  private readonly answers: string[] = [];
  private readonly secrets = new Map<string, string>();

  /** Pass to `ApiClient.observed()`: every answer the client gets is kept. */
  readonly observer: ResponseObserver = (response, request) => {
    this.answers.push(`${request.method} ${request.path} → ${response.status}: ${response.text}`);
  };

  /** Starts capturing what the apps of this process print. */
  start(): void {
    this.output.start();
  }

  stop(): void {
    this.output.stop();
  }

  /**
   * Adds secrets to look for, by a label that a failure may print. Each is also looked for in base64,
   * the form kubeconfigs carry them in.
   */
  watchFor(label: string, ...secrets: string[]): void {
    for (const secret of secrets) {
      if (secret.length < 16) throw new Error(`${label}: too short to search for without false alarms`);
      this.secrets.set(secret, label);
      this.secrets.set(Buffer.from(secret).toString('base64'), `${label} (base64)`);
    }
  }

  /** How many answers and output characters were seen (a grep of nothing proves nothing). */
  get seen(): { answers: number; outputChars: number } {
    return { answers: this.answers.length, outputChars: this.output.text.length };
  }

  /** Every secret found, with where (never the secret itself: a failure message must not leak it either). */
  leaks(): Leak[] {
    const found: Leak[] = [];
    const logs = this.output.text;
    for (const [secret, label] of this.secrets) {
      const answer = this.answers.find((text) => text.includes(secret));
      if (answer) found.push({ secret: label, where: `answer to ${answer.slice(0, answer.indexOf(':'))}` });
      if (logs.includes(secret)) found.push({ secret: label, where: 'log output' });
    }
    return found;
  }
}

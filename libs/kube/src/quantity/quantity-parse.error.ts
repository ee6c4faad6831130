/** Longest part of a rejected input echoed in an error message. */
const MAX_ECHOED_INPUT = 64;

/** Which rule a rejected quantity broke. */
export type QuantityProblem = 'format' | 'range' | 'negative';

/**
 * A string that is not an acceptable Kubernetes quantity. A plain Error, so this parser depends on
 * nothing else of ours: a service must wrap it in its own context exception (VALIDATION_FAILED)
 * before it crosses NATS, or the caller sees only "Internal server error".
 */
export class QuantityParseError extends Error {
  /**
   * @param input the rejected string (echoed, JSON-quoted and shortened, in the message)
   * @param problem which rule it broke: grammar, int64 range, or sign
   * @param reason why, phrased to follow `quantity "<input>"`, e.g. `has an unknown suffix "GB"`
   */
  constructor(
    readonly input: string,
    readonly problem: QuantityProblem,
    readonly reason: string,
  ) {
    super(`quantity ${echo(input)} ${reason}`);
    this.name = new.target.name;
  }
}

function shorten(input: string): string {
  return input.length > MAX_ECHOED_INPUT ? `${input.slice(0, MAX_ECHOED_INPUT)}…` : input;
}

/** JSON quoting makes whitespace and control characters visible: `" 1Gi"`, `"1Gi\n"`. */
function echo(input: string): string {
  return JSON.stringify(shorten(input));
}

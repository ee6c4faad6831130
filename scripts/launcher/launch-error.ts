/**
 * A start-up problem the user can fix (nothing listens, a binary is missing, a child died): the
 * launcher prints its message as is, without a stack trace, and exits 1.
 */
export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchError';
  }
}

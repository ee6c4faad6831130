import { LoginAttemptsLimiter } from './login-attempts.limiter';

describe(LoginAttemptsLimiter.name, () => {
  const options = { authCacheTtlMs: 1000, loginFailuresPerUser: 3, loginFailuresPerAddress: 5 };

  it('locks a username out after its limit of failures, for up to a minute', () => {
    const sut = new LoginAttemptsLimiter(options);
    for (let i = 0; i < 2; i++) sut.recordFailure('10.0.0.1', 'jdoe');
    expect(sut.retryAfterSeconds('10.0.0.9', 'jdoe')).toBe(0);
    sut.recordFailure('10.0.0.2', 'jdoe');
    expect(sut.retryAfterSeconds('10.0.0.9', 'jdoe')).toBeGreaterThan(55);
    expect(sut.retryAfterSeconds('10.0.0.9', 'jdoe')).toBeLessThanOrEqual(60);
    expect(sut.retryAfterSeconds('10.0.0.9', 'someone-else')).toBe(0);
  });

  it('locks an address out after its limit, whatever usernames it tries', () => {
    const sut = new LoginAttemptsLimiter(options);
    for (let i = 0; i < 5; i++) sut.recordFailure('10.0.0.1', `guess-${i}`);
    expect(sut.retryAfterSeconds('10.0.0.1', 'fresh-name')).toBeGreaterThan(0);
    expect(sut.retryAfterSeconds('10.0.0.2', 'fresh-name')).toBe(0);
  });

  it('a success clears the username’s failures', () => {
    const sut = new LoginAttemptsLimiter(options);
    for (let i = 0; i < 2; i++) sut.recordFailure('10.0.0.1', 'jdoe');
    sut.recordSuccess('jdoe');
    sut.recordFailure('10.0.0.1', 'jdoe');
    expect(sut.retryAfterSeconds('10.0.0.1', 'jdoe')).toBe(0);
  });
});

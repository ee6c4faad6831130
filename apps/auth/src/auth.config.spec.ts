import { ConfigValidationError, loadConfig, redactConfig } from '@flotilla/common';
import { AuthConfig } from './auth.config';

describe(AuthConfig.name, () => {
  it('needs no identity variable on a developer machine', () => {
    const sut = loadConfig(AuthConfig, {});
    expect(sut).toMatchObject({ JWT_TTL_SECONDS: 900, JWT_ISSUER: 'flotilla', JWT_AUDIENCE: 'flotilla-api' });
    expect(sut.JWT_SECRET).toBeUndefined();
    expect(sut.FLOTILLA_BOOTSTRAP_TOKEN).toBeUndefined();
  });

  it('takes a random bootstrap token and JWT secret, and never prints them', () => {
    const env = { FLOTILLA_BOOTSTRAP_TOKEN: 'flt_Zq8Xk2Lm9Pw4Rt7Yv1Bn6Cs3Dh5Fj0Gk8Hl2Jm', JWT_SECRET: 'Kx7!pQ2@wE9#rT4$yU6%iO1^aS3&dF8*' };
    const sut = loadConfig(AuthConfig, env);
    expect(sut.FLOTILLA_BOOTSTRAP_TOKEN).toBe(env.FLOTILLA_BOOTSTRAP_TOKEN);
    expect(redactConfig(sut)).toMatchObject({ FLOTILLA_BOOTSTRAP_TOKEN: '[redacted]', JWT_SECRET: '[redacted]' });
  });

  it.each([
    ['FLOTILLA_BOOTSTRAP_TOKEN', 'short'],
    ['FLOTILLA_BOOTSTRAP_TOKEN', 'x'.repeat(40)],
    ['FLOTILLA_BOOTSTRAP_TOKEN', 'has spaces and more than thirty-two characters'],
    ['JWT_SECRET', 'secret'],
    ['JWT_SECRET', 'ab'.repeat(20)],
    ['JWT_TTL_SECONDS', '5'],
  ])('refuses %s=%s, without echoing it', (name, value) => {
    try {
      loadConfig(AuthConfig, { [name]: value });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as Error).message).toMatch(new RegExp(`${name}=`));
      if (name !== 'JWT_TTL_SECONDS') expect((error as Error).message).not.toContain(value);
    }
  });
});

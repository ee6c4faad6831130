import { SignJWT, UnsecuredJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { ErrorCode, IDENTITY_SUBJECTS as S, Role, type UserDto } from '@flotilla/contracts';
import { query } from '@flotilla/common/testing';
import { JWT_SECRET, PASSWORD, useIdentityRig } from './testing/identity-rig';

/** Password login and access tokens (JWT) of the identity context over NATS. */
describe('identity over NATS (auth service)', () => {
  const rig = useIdentityRig();
  const { authenticate, login, tenant } = rig;

  describe('password login and access tokens (JWT)', () => {
    let user: UserDto;
    const key = new TextEncoder().encode(JWT_SECRET);
    const now = () => Math.floor(Date.now() / 1000);
    const forge = (claims: { iss?: string; aud?: string; exp?: number; sub?: string }, alg = 'HS256', signingKey = key) =>
      new SignJWT({})
        .setProtectedHeader({ alg })
        .setSubject(claims.sub ?? user.id)
        .setIssuer(claims.iss ?? 'flotilla')
        .setAudience(claims.aud ?? 'flotilla-api')
        .setIssuedAt()
        .setExpirationTime(claims.exp ?? now() + 300)
        .sign(signingKey);

    beforeAll(async () => {
      const { member } = await tenant();
      user = member.user;
      await rig.sut.as(rig.admin, S.userUpdate, { orgId: user.orgId, userId: user.id, email: `${user.username}@example.com` });
    });

    it('issues a short-lived HS256 token with sub, iss, aud and exp that authenticates the user', async () => {
      const answer = await login(user.username);
      expect(answer).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      const [header, payload] = answer.accessToken.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toMatchObject({ sub: user.id, iss: 'flotilla', aud: 'flotilla-api' });
      expect(payload.exp - payload.iat).toBe(900);
      expect(await authenticate(answer.accessToken)).toMatchObject({ userId: user.id, orgId: user.orgId, role: Role.Member, scopes: ['read', 'write'] });
    });

    it('accepts the email and any letter case, refuses a wrong password and an unknown user alike', async () => {
      await expect(login(`${user.username}@EXAMPLE.com`)).resolves.toMatchObject({ tokenType: 'Bearer' });
      await expect(login(user.username.toUpperCase())).resolves.toMatchObject({ tokenType: 'Bearer' });
      const wrong = await login(user.username, 'not the password at all').catch((error: Error) => error.message);
      const unknown = await login('nobody-here', PASSWORD).catch((error: Error) => error.message);
      expect(wrong).toBe('invalid username or password');
      expect(unknown).toBe(wrong);
    });

    it('a correctly forged token verifies (the test’s forger is right)', async () => {
      expect(await authenticate(await forge({}))).toMatchObject({ userId: user.id });
    });

    it.each([
      ['another algorithm (HS512)', () => forge({}, 'HS512')],
      ['another audience', () => forge({ aud: 'someone-else' })],
      ['another issuer', () => forge({ iss: 'evil' })],
      ['an expired token', () => forge({ exp: now() - 5 })],
      ['another key', () => forge({}, 'HS256', new TextEncoder().encode('another-secret-another-secret-another'))],
      ['alg none', async () => new UnsecuredJWT({ sub: user.id }).setIssuer('flotilla').setAudience('flotilla-api').setExpirationTime('5m').encode()],
      ['a tampered payload', async () => {
        const [header, , signature] = (await forge({})).split('.');
        const payload = Buffer.from(JSON.stringify({ sub: randomUUID(), iss: 'flotilla', aud: 'flotilla-api', exp: now() + 300 })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      }],
      ['a deleted user', () => forge({ sub: randomUUID() })],
    ])('refuses %s', async (_, make) => {
      expect(await rig.sut.errorOf(undefined, S.authenticate, { credential: await make() })).toBe(ErrorCode.Unauthenticated);
    });

    it('never answers the password or its hash, and stores only an argon2id hash', async () => {
      const [row] = await query<{ password_hash: string }>(rig.database.url, 'SELECT password_hash FROM auth.users WHERE id = $1', [user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const shown = JSON.stringify(await rig.sut.as<UserDto>(rig.admin, S.userGet, { orgId: user.orgId, userId: user.id }));
      expect(shown).not.toContain(PASSWORD);
      expect(shown).not.toContain('argon2');
      expect(shown).not.toMatch(/hash/i);
    });
  });
});

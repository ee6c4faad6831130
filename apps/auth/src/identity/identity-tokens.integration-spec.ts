import { createHash } from 'node:crypto';
import { ErrorCode, IDENTITY_SUBJECTS as S, TokenScope, type ApiTokenDto, type CreatedApiTokenDto } from '@flotilla/contracts';
import { query } from '@flotilla/common/testing';
import { useIdentityRig } from './testing/identity-rig';

/** API tokens of the identity context over NATS, as the gateway calls them. */
describe('identity over NATS (auth service)', () => {
  const rig = useIdentityRig();
  const { authenticate, tenant } = rig;

  describe('API tokens', () => {
    it('returns the token once, stores only its SHA-256, and lists it without token or hash', async () => {
      const { orgAdmin } = await tenant();
      const created = await rig.sut.as<CreatedApiTokenDto>(orgAdmin.identity, S.tokenCreate, { name: 'ci', scopes: [TokenScope.Read] });
      expect(created.token).toMatch(/^flt_[A-Za-z0-9]{40}$/);
      expect(created.token.startsWith(created.prefix)).toBe(true);

      const rows = await query<Record<string, unknown>>(rig.database.url, 'SELECT * FROM auth.api_tokens WHERE id = $1', [created.id]);
      expect(rows[0].token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
      const everything = await query<{ dump: string }>(
        rig.database.url,
        `SELECT concat_ws('|', (SELECT json_agg(t)::text FROM auth.api_tokens t), (SELECT json_agg(u)::text FROM auth.users u),
           (SELECT json_agg(o)::text FROM auth.outbox o), (SELECT json_agg(s)::text FROM auth.settings s)) AS dump`,
      );
      expect(everything[0].dump).not.toContain(created.token);

      const listed = await rig.sut.as<ApiTokenDto[]>(orgAdmin.identity, S.tokenList);
      expect(listed.map((t) => t.id)).toContain(created.id);
      expect(JSON.stringify(listed)).not.toContain(created.token);
      expect(JSON.stringify(listed)).not.toMatch(/hash/i);

      const identity = await authenticate(created.token);
      expect(identity).toMatchObject({ userId: orgAdmin.user.id, scopes: [TokenScope.Read], tokenId: created.id });
    });

    it('a revoked token is refused at once, and the revocation is announced without the token', async () => {
      const { member } = await tenant();
      const created = await rig.sut.as<CreatedApiTokenDto>(member.identity, S.tokenCreate, { name: 'laptop', scopes: [TokenScope.Read, TokenScope.Write] });
      await authenticate(created.token);
      await rig.sut.as(member.identity, S.tokenRevoke, { tokenId: created.id });
      expect(await rig.sut.errorOf(undefined, S.authenticate, { credential: created.token })).toBe(ErrorCode.Unauthenticated);
      await rig.sut.as(member.identity, S.tokenRevoke, { tokenId: created.id }); // idempotent, announced once
      const events = await query<{ payload: { tokenId: string } }>(rig.database.url, "SELECT payload FROM auth.outbox WHERE subject = 'identity.token-revoked'");
      expect(events.filter((e) => e.payload.tokenId === created.id)).toHaveLength(1);
      expect(JSON.stringify(events)).not.toContain(created.token);
    });

    it('an expired token is refused; an expiry in the past is refused at creation', async () => {
      const { member } = await tenant();
      const created = await rig.sut.as<CreatedApiTokenDto>(member.identity, S.tokenCreate, {
        name: 'short-lived',
        scopes: [TokenScope.Read],
        expiresAt: new Date(Date.now() + 1_000).toISOString(),
      });
      await expect(authenticate(created.token)).resolves.toMatchObject({ tokenId: created.id });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await rig.sut.errorOf(undefined, S.authenticate, { credential: created.token })).toBe(ErrorCode.Unauthenticated);
      const past = { name: 'past', scopes: [TokenScope.Read], expiresAt: new Date(Date.now() - 60_000).toISOString() };
      expect(await rig.sut.errorOf(member.identity, S.tokenCreate, past)).toBe(ErrorCode.ValidationFailed);
    });

    it('records the last use, at most once a minute', async () => {
      const { member } = await tenant();
      const created = await rig.sut.as<CreatedApiTokenDto>(member.identity, S.tokenCreate, { name: 'usage', scopes: [TokenScope.Read] });
      expect(created.lastUsedAt).toBeNull();
      await authenticate(created.token);
      await expect.poll(async () => (await rig.sut.as<ApiTokenDto[]>(member.identity, S.tokenList)).find((t) => t.id === created.id)?.lastUsedAt).not.toBeNull();
    });

    it('a read-only credential cannot mint a token; org admins revoke their users’ tokens, not other orgs’', async () => {
      const { org, orgAdmin, viewer } = await tenant();
      const other = await tenant();
      const readOnly = { ...viewer.identity, scopes: [TokenScope.Read] };
      expect(await rig.sut.errorOf(readOnly, S.tokenCreate, { name: 'x', scopes: [TokenScope.Write] })).toBe(ErrorCode.Forbidden);

      const token = await rig.sut.as<CreatedApiTokenDto>(viewer.identity, S.tokenCreate, { name: 'viewer-cli', scopes: [TokenScope.Read] });
      const params = { orgId: org.id, userId: viewer.user.id, tokenId: token.id };
      expect(await rig.sut.errorOf(other.orgAdmin.identity, S.userTokenRevoke, params)).toBe(ErrorCode.NotFound);
      expect(await rig.sut.errorOf(other.orgAdmin.identity, S.userTokenList, { orgId: org.id, userId: viewer.user.id })).toBe(ErrorCode.NotFound);
      expect(await rig.sut.errorOf(other.orgAdmin.identity, S.tokenRevoke, { tokenId: token.id })).toBe(ErrorCode.NotFound);
      expect(await rig.sut.errorOf(viewer.identity, S.userTokenList, { orgId: org.id, userId: viewer.user.id })).toBe(ErrorCode.Forbidden);

      const listed = await rig.sut.as<ApiTokenDto[]>(orgAdmin.identity, S.userTokenList, { orgId: org.id, userId: viewer.user.id });
      expect(listed.map((t) => t.id)).toEqual([token.id]);
      await rig.sut.as(orgAdmin.identity, S.userTokenRevoke, params);
      expect(await rig.sut.errorOf(undefined, S.authenticate, { credential: token.token })).toBe(ErrorCode.Unauthenticated);
    });
  });
});

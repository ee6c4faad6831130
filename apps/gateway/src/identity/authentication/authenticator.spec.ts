import { ErrorCode, Role, TokenScope, type AuthenticateResult } from '@flotilla/contracts';
import { DomainException, type NatsRequester } from '@flotilla/common';
import { Authenticator } from './authenticator';

const identity = { userId: 'u1', orgId: 'o1', role: Role.Member, teamIds: [], scopes: [TokenScope.Read] };

function fakeAuth(answer: () => AuthenticateResult) {
  const calls: string[] = [];
  const nats = {
    request: async (_subject: string, payload: { credential: string }) => {
      calls.push(payload.credential);
      return answer();
    },
  } as unknown as NatsRequester;
  return { nats, calls };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(Authenticator.name, () => {
  it('asks auth once per credential within the cache time, then again', async () => {
    const { nats, calls } = fakeAuth(() => ({ identity, expiresAt: null }));
    const sut = new Authenticator(nats, { authCacheTtlMs: 80, loginFailuresPerUser: 5, loginFailuresPerAddress: 20 });
    await sut.authenticate('flt_a');
    await sut.authenticate('flt_a');
    expect(calls).toEqual(['flt_a']);
    await sut.authenticate('flt_b');
    expect(calls).toEqual(['flt_a', 'flt_b']);
    await sleep(120);
    await sut.authenticate('flt_a');
    expect(calls).toEqual(['flt_a', 'flt_b', 'flt_a']);
  });

  it('never keeps an answer past the credential’s own expiry', async () => {
    const { nats, calls } = fakeAuth(() => ({ identity, expiresAt: new Date(Date.now() + 40).toISOString() }));
    const sut = new Authenticator(nats, { authCacheTtlMs: 1000, loginFailuresPerUser: 5, loginFailuresPerAddress: 20 });
    await sut.authenticate('jwt');
    await sleep(80);
    await sut.authenticate('jwt');
    expect(calls).toHaveLength(2);
  });

  it('does not remember refusals', async () => {
    let refuse = true;
    const { nats, calls } = fakeAuth(() => {
      if (refuse) throw new DomainException(ErrorCode.Unauthenticated, 'token revoked');
      return { identity, expiresAt: null };
    });
    const sut = new Authenticator(nats, { authCacheTtlMs: 1000, loginFailuresPerUser: 5, loginFailuresPerAddress: 20 });
    await expect(sut.authenticate('flt_x')).rejects.toThrow('token revoked');
    refuse = false;
    await expect(sut.authenticate('flt_x')).resolves.toEqual(identity);
    expect(calls).toHaveLength(2);
  });

  it('with a zero cache time asks every time', async () => {
    const { nats, calls } = fakeAuth(() => ({ identity, expiresAt: null }));
    const sut = new Authenticator(nats, { authCacheTtlMs: 0, loginFailuresPerUser: 5, loginFailuresPerAddress: 20 });
    await sut.authenticate('flt_a');
    await sut.authenticate('flt_a');
    expect(calls).toHaveLength(2);
  });
});

import { createHash } from 'node:crypto';
import { TokenCodec } from './token.codec';

describe('TokenCodec', () => {
  it('generates distinct flt_ tokens of 40 base62 characters', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => TokenCodec.generate()));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^flt_[A-Za-z0-9]{40}$/);
  });

  it('stores the SHA-256 and shows only a short prefix', () => {
    const token = TokenCodec.generate();
    expect(TokenCodec.hash(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(TokenCodec.displayPrefix(token)).toBe(token.slice(0, 12));
  });

  it('tells access tokens (JWT) from API tokens', () => {
    expect(TokenCodec.isJwt('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    expect(TokenCodec.isJwt(TokenCodec.generate())).toBe(false);
  });
});

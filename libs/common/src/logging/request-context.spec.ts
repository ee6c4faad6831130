import { acceptRequestId, RequestContext } from './request-context';

describe('RequestContext', () => {
  it('carries the request id across awaits', async () => {
    const seen = await RequestContext.run({ requestId: 'r-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return RequestContext.requestId();
    });
    expect(seen).toBe('r-1');
  });

  it('makes a fresh id outside any request', () => {
    expect(RequestContext.current()).toBeUndefined();
    expect(RequestContext.requestId()).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe(acceptRequestId.name, () => {
  it('keeps plain ids and replaces ones that could forge log lines', () => {
    expect(acceptRequestId('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    expect(acceptRequestId('evil\n{"level":50}')).not.toContain('evil');
    expect(acceptRequestId('x'.repeat(200))).toHaveLength(36);
    expect(acceptRequestId(undefined)).toHaveLength(36);
  });
});

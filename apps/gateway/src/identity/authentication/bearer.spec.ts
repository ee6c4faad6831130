import { DomainException } from '@flotilla/common';
import { bearerCredential } from './bearer';

describe(bearerCredential.name, () => {
  it('takes the credential of a Bearer header, whatever the scheme’s case', () => {
    expect(bearerCredential('Bearer flt_abc')).toBe('flt_abc');
    expect(bearerCredential('bearer eyJ.a-b_c.d')).toBe('eyJ.a-b_c.d');
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic YWRtaW4=', 'Bearer a b', 'Bearer tok\u00e9n', ['Bearer a', 'Bearer b']])('refuses %j as UNAUTHENTICATED', (header) => {
    expect(() => bearerCredential(header)).toThrow(DomainException);
    try {
      bearerCredential(header);
    } catch (error) {
      expect((error as DomainException).code).toBe('UNAUTHENTICATED');
    }
  });
});

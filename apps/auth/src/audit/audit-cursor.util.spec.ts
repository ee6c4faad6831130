import { DomainException } from '@flotilla/common';
import { decodeCursor, encodeCursor } from './audit-cursor.util';

describe(encodeCursor.name, () => {
  it('round-trips the position of the last event', () => {
    const last = { occurredAt: '2024-11-22T10:15:30.123Z', id: '0b7f1b9e-2a57-4a43-9a8e-2f9c1d2e3f40' };
    expect(decodeCursor(encodeCursor(last))).toEqual(last);
  });
});

describe(decodeCursor.name, () => {
  it.each([
    ['garbage', 'not-a-cursor'],
    ['not a pair', Buffer.from('["2024-01-01T00:00:00Z"]').toString('base64url')],
    ['a bad date', Buffer.from('["soon","0b7f1b9e-2a57-4a43-9a8e-2f9c1d2e3f40"]').toString('base64url')],
    ['an id that is no uuid', Buffer.from("[\"2024-01-01T00:00:00Z\",\"1' OR 1=1\"]").toString('base64url')],
  ])('refuses %s as VALIDATION_FAILED naming cursor', (_name, cursor) => {
    const error = (() => {
      try {
        decodeCursor(cursor);
      } catch (e) {
        return e as DomainException;
      }
    })();
    expect(error?.toDto()).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'cursor' }] } });
  });
});

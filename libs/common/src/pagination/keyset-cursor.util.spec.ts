import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.util';

const ID = '0b7f1b9e-2a57-4a43-9a8e-2f9c1d2e3f40';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe(encodeKeysetCursor.name, () => {
  it('round-trips the position of the last row', () => {
    expect(decodeKeysetCursor(encodeKeysetCursor({ key: 'prod-eu', id: ID }))).toEqual({ key: 'prod-eu', id: ID });
  });
});

describe(decodeKeysetCursor.name, () => {
  it.each([
    ['garbage', 'not-a-cursor'],
    ['not a pair', raw(['prod-eu'])],
    ['a key that is no string', raw([7, ID])],
    ['an id that is no uuid', raw(['prod-eu', "1' OR 1=1"])],
  ])('refuses %s', (_name, cursor) => {
    expect(decodeKeysetCursor(cursor)).toBeUndefined();
  });

  it('refuses a key the caller does not accept', () => {
    const isDate = (key: string) => !Number.isNaN(Date.parse(key));
    expect(decodeKeysetCursor(raw(['soon', ID]), isDate)).toBeUndefined();
    expect(decodeKeysetCursor(raw(['2024-01-01T00:00:00Z', ID]), isDate)).toEqual({ key: '2024-01-01T00:00:00Z', id: ID });
  });
});

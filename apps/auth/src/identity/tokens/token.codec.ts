import { createHash, randomInt } from 'node:crypto';

/** Every generated API token starts with this, so leaked ones are easy to recognise and scan for. */
export const TOKEN_PREFIX = 'flt_';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 40 base62 characters: about 238 bits of entropy, so a fast hash is enough (no brute force possible). */
const RANDOM_LENGTH = 40;
/** Characters kept for display: the marker and 8 more, never enough to guess the rest. */
const DISPLAY_LENGTH = 12;

/** API token values: how they are generated, hashed for storage and shown. */
export const TokenCodec = {
  /** A new random token `flt_<40 base62>`. */
  generate(): string {
    let random = '';
    for (let i = 0; i < RANDOM_LENGTH; i++) random += ALPHABET[randomInt(ALPHABET.length)];
    return `${TOKEN_PREFIX}${random}`;
  },

  /** What is stored and looked up: SHA-256, hex. */
  hash(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  },

  /** The first characters, shown in lists so a user can tell tokens apart. */
  displayPrefix(token: string): string {
    return token.slice(0, DISPLAY_LENGTH);
  },

  /** Access tokens are JWTs (three dot-separated parts); everything else is tried as an API token. */
  isJwt(credential: string): boolean {
    return credential.split('.').length === 3;
  },
};

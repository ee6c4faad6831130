import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessTokenDto } from '@flotilla/contracts';
import { APP_CONFIG } from '@flotilla/common';
import type { AuthConfig } from '../../auth.config';
import { SettingsRepository } from '../bootstrap/settings.repository';
import { IdentityException } from '../identity.exception';

/** The one algorithm accepted: a token claiming any other (`none`, RS256 with our key as "public key"...) is refused. */
const ALGORITHM = 'HS256';
const GENERATED_SECRET_KEY = 'jwt_secret';

/** Who an access token was issued to, and until when it holds. */
export interface VerifiedAccessToken {
  userId: string;
  expiresAt: Date;
}

/**
 * Short-lived access tokens (JWT, HS256) from a password login. The key is JWT_SECRET, or else one
 * generated at first start and kept in the `settings` table so that every replica shares it.
 * Verification pins the algorithm and checks issuer, audience, expiry and subject.
 */
@Injectable()
export class AccessTokens implements OnModuleInit {
  private key: Uint8Array | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AuthConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.JWT_SECRET ?? (await this.settings.getOrCreate(GENERATED_SECRET_KEY, randomBytes(48).toString('base64url')));
    this.key = new TextEncoder().encode(secret);
  }

  async issue(userId: string): Promise<AccessTokenDto> {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.config.JWT_TTL_SECONDS;
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.signingKey());
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  /** The subject and expiry of a valid token; UNAUTHENTICATED for anything else. */
  async verify(token: string): Promise<VerifiedAccessToken> {
    try {
      const { payload } = await jwtVerify(token, this.signingKey(), {
        algorithms: [ALGORITHM],
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
      });
      return { userId: payload.sub!, expiresAt: new Date(payload.exp! * 1000) };
    } catch (error) {
      throw IdentityException.unauthenticated(error instanceof joseErrors.JWTExpired ? 'access token expired' : 'invalid access token');
    }
  }

  private signingKey(): Uint8Array {
    if (!this.key) throw new Error('AccessTokens used before module init');
    return this.key;
  }
}

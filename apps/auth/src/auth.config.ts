// Properties carry explicit types: implicit conversion of env strings reads the emitted design:type.
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { ServiceConfig, Sensitive } from '@flotilla/common';

/** At least this many different characters: refuses "aaaa…" or "0123…" style non-secrets. */
const MIN_DISTINCT_CHARACTERS = 10;

function HighEntropy(): PropertyDecorator {
  return ValidateBy({
    name: 'highEntropy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && new Set(value).size >= MIN_DISTINCT_CHARACTERS,
      defaultMessage: () => `must be a random value with at least ${MIN_DISTINCT_CHARACTERS} different characters`,
    },
  });
}

/** Configuration of the auth service (tenancy, identity, quota ledger). */
export class AuthConfig extends ServiceConfig {
  override HEALTH_PORT = 8081;

  /**
   * API token of the platform admin created on first start (empty database). When unset, a random
   * one is generated and printed once on stdout. Set on a later start, it is added to that admin
   * unless a token with this value exists already (revoked included).
   */
  @Sensitive()
  @IsOptional()
  @IsString()
  @MinLength(32)
  @MaxLength(256)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'FLOTILLA_BOOTSTRAP_TOKEN may hold only letters, digits, "_" and "-"' })
  @HighEntropy()
  FLOTILLA_BOOTSTRAP_TOKEN: string | undefined = undefined;

  /**
   * HMAC key of access tokens (JWT, HS256); every replica must share it. When unset, one is generated
   * at first start and kept in the auth schema's `settings` table, so replicas and restarts share it;
   * set it in production so the key lives in your secret store.
   */
  @Sensitive()
  @IsOptional()
  @IsString()
  @MinLength(32)
  @HighEntropy()
  JWT_SECRET: string | undefined = undefined;

  /** Lifetime of an access token from POST /auth/login. */
  @IsInt()
  @Min(60)
  @Max(24 * 3600)
  JWT_TTL_SECONDS: number = 900;

  @IsString()
  @MinLength(1)
  JWT_ISSUER: string = 'flotilla';

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE: string = 'flotilla-api';
}

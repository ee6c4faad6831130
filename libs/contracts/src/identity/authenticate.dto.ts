import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IdentityDto } from './identity';

/** The `auth.credential.authenticate` request: what followed `Authorization: Bearer`. */
export class AuthenticateRequest {
  @ApiProperty({ description: 'An API token or an access token (JWT)', example: 'flt_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90' })
  @IsString()
  @Length(1, 4096)
  credential!: string;
}

/** Answer of `auth.credential.authenticate`: who the credential belongs to, and until when it holds. */
export class AuthenticateResult {
  @ApiProperty({ description: 'The caller', type: IdentityDto })
  identity!: IdentityDto;

  @ApiProperty({ description: 'When the credential expires; null: never. Callers must not cache an answer beyond it', example: '2026-01-31T12:15:00.000Z', type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from './identity-patterns';

/** Body of POST /api/v1/auth/login; also the `auth.session.login` request. */
export class LoginRequestDto {
  @ApiProperty({ description: 'Username or email address', example: 'jdoe', maxLength: 254 })
  @IsString()
  @Length(1, 254)
  username!: string;

  @ApiProperty({ description: 'Password', example: 'correct horse battery staple', format: 'password', maxLength: PASSWORD_MAX_LENGTH, writeOnly: true })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

/** Answer of a successful login: a short-lived access token to send as `Authorization: Bearer`. */
export class AccessTokenDto {
  @ApiProperty({ description: 'Signed access token (JWT, HS256)', example: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl' })
  accessToken!: string;

  @ApiProperty({ description: 'How to send it', example: 'Bearer', enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until it expires', example: 900 })
  expiresIn!: number;

  @ApiProperty({ description: 'When it expires (ISO 8601)', example: '2026-01-31T12:15:00.000Z', format: 'date-time' })
  expiresAt!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsEnum, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { TokenScope } from './role.enum';

/** Body of POST /api/v1/me/tokens: a new API token for the caller. */
export class CreateApiTokenDto {
  @ApiProperty({ description: 'What the token is for', example: 'ci-pipeline', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ description: 'What it allows: read (GET only) and/or write', enum: TokenScope, isArray: true, example: [TokenScope.Read, TokenScope.Write] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsEnum(TokenScope, { each: true })
  scopes!: TokenScope[];

  @ApiPropertyOptional({ description: 'When it stops working (ISO 8601, in the future); default: never', example: '2026-12-31T00:00:00Z', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

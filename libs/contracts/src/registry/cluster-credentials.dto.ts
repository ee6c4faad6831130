import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { CredentialType } from './cluster-enums';

/** Largest kubeconfig or PEM accepted (a kubeconfig with a few embedded certificates is ~10 KiB). */
export const MAX_CREDENTIAL_TEXT = 256 * 1024;

const isType = (type: CredentialType) => (dto: ClusterCredentialsDto) => dto.type === type;
const needsServer = (dto: ClusterCredentialsDto) => dto.type !== CredentialType.Kubeconfig;

/**
 * How Flotilla reaches a cluster. `kubeconfig`: the file as users already have it (optionally with a
 * context); `token`: API server URL + bearer token (+ CA bundle); `client-certificate`: URL + PEM
 * certificate and key (+ CA bundle). Write-only: never returned.
 */
export class ClusterCredentialsDto {
  @ApiProperty({ description: 'How the credentials authenticate', enum: CredentialType, example: CredentialType.Kubeconfig })
  @IsEnum(CredentialType)
  type!: CredentialType;

  @ApiPropertyOptional({ description: 'kubeconfig YAML text (type kubeconfig)', example: 'apiVersion: v1\nkind: Config\n...' })
  @ValidateIf(isType(CredentialType.Kubeconfig))
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CREDENTIAL_TEXT)
  kubeconfig?: string;

  @ApiPropertyOptional({ description: 'Context of the kubeconfig to use; its current-context by default', example: 'prod-eu' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  context?: string;

  @ApiPropertyOptional({ description: 'API server URL (types token and client-certificate)', example: 'https://api.prod-eu.example.com:6443' })
  @ValidateIf(needsServer)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false })
  server?: string;

  @ApiPropertyOptional({ description: 'Bearer token (type token)', example: 'eyJhbGciOiJSUzI1NiIs...' })
  @ValidateIf(isType(CredentialType.Token))
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CREDENTIAL_TEXT)
  token?: string;

  @ApiPropertyOptional({ description: 'PEM client certificate (type client-certificate)', example: '-----BEGIN CERTIFICATE-----\n...' })
  @ValidateIf(isType(CredentialType.ClientCertificate))
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CREDENTIAL_TEXT)
  clientCertificate?: string;

  @ApiPropertyOptional({ description: 'PEM private key of the client certificate (type client-certificate)', example: '-----BEGIN EC PRIVATE KEY-----\n...' })
  @ValidateIf(isType(CredentialType.ClientCertificate))
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CREDENTIAL_TEXT)
  clientKey?: string;

  @ApiPropertyOptional({ description: 'PEM CA bundle the API server certificate chains to; the system roots when absent', example: '-----BEGIN CERTIFICATE-----\n...' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CREDENTIAL_TEXT)
  caBundle?: string;
}

/** What the stored credentials are, without any secret. */
export class CredentialSummaryDto {
  @ApiProperty({ description: 'How they authenticate', enum: CredentialType, example: CredentialType.Kubeconfig })
  type!: CredentialType;

  @ApiProperty({ description: 'Method inside the kubeconfig: token, client-certificate, exec or auth-provider', example: 'token' })
  method!: string;

  @ApiProperty({ description: 'When the token or client certificate expires, if it says so', example: '2027-01-31T12:00:00.000Z', type: String, nullable: true, format: 'date-time' })
  expiresAt!: string | null;

  @ApiProperty({ description: 'True when it expires within 30 days (or already has)', example: false })
  expiresSoon!: boolean;

  @ApiProperty({ description: 'Exec plugin command or auth provider the host must have, if any', example: null, type: String, nullable: true })
  hostRequirement!: string | null;

  @ApiProperty({ description: 'When they were last replaced', example: '2026-01-31T12:00:00.000Z', format: 'date-time' })
  updatedAt!: string;
}

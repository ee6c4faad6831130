import { ApiProperty } from '@nestjs/swagger';
import { Role } from './role.enum';

/** A user as Flotilla shows it: never its password or password hash. */
export class UserDto {
  @ApiProperty({ description: 'User id', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Organization of the user; null for platform admins', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', type: String, nullable: true })
  orgId!: string | null;

  @ApiProperty({ description: 'Unique login name', example: 'jdoe' })
  username!: string;

  @ApiProperty({ description: 'Unique email address, if any', example: 'jdoe@acme.example', type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ description: 'Name shown to people', example: 'Jane Doe' })
  displayName!: string;

  @ApiProperty({ description: 'Role in the organization', enum: Role, example: Role.Member })
  role!: Role;

  @ApiProperty({ description: 'Whether the user can log in with a password (the password itself is never shown)', example: true })
  passwordSet!: boolean;

  @ApiProperty({ description: 'When it was created (ISO 8601)', example: '2026-01-31T12:00:00.000Z', format: 'date-time' })
  createdAt!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrganizationDto } from './organization.dto';
import { Role, TokenScope } from './role.enum';
import { TeamDto } from './team.dto';
import { UserDto } from './user.dto';

/** Answer of GET /api/v1/me: who I am, my organization, my role and teams, what my credential allows. */
export class MeDto {
  @ApiProperty({ description: 'The caller', type: UserDto })
  user!: UserDto;

  @ApiProperty({ description: 'The caller’s organization; null for platform admins', type: OrganizationDto, nullable: true })
  organization!: OrganizationDto | null;

  @ApiProperty({ description: 'The caller’s role', enum: Role, example: Role.Member })
  role!: Role;

  @ApiProperty({ description: 'Teams the caller belongs to', type: [TeamDto] })
  teams!: TeamDto[];

  @ApiProperty({ description: 'What the credential used allows', enum: TokenScope, isArray: true, example: [TokenScope.Read, TokenScope.Write] })
  scopes!: TokenScope[];

  @ApiPropertyOptional({ description: 'API token used, when it was one (its id, never the token)', example: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b' })
  tokenId?: string;
}

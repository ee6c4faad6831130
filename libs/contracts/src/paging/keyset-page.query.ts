import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Paging of a keyset-paginated list: a page size and the previous page's opaque nextCursor. */
export class KeysetPageQuery {
  @ApiPropertyOptional({ description: 'Page size', example: 50, minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page', example: 'WyJwcm9kLWV1IiwiNmYxZC4uLiJd' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,300}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListQuotaReservationsQuery, OrganizationParams, QuotaReservationDto, QuotaReservationPageDto, ReservationParams, ReserveQuotaDto } from '@flotilla/contracts';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { QuotaService } from './quota.service';

const RESERVE_EXAMPLES = {
  'a notebook with a GPU': {
    value: { amounts: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1', workloads: '1' }, teamId: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', idempotencyKey: 'workload-7f3a/create', ttlSeconds: 300 },
  },
  'a small pod': { value: { amounts: { cpu: '500m', memory: '512Mi', workloads: '1' }, idempotencyKey: 'workload-91c2/create' } },
};

/**
 * The quota ledger's reservations (`/orgs/{orgId}/quota-reservations`): provisioning reserves,
 * commits and releases over NATS; admins see and may drive them here too.
 */
@ApiTags('quotas')
@Controller('orgs/:orgId/quota-reservations')
export class QuotaReservationsController {
  constructor(private readonly quotas: QuotaService) {}

  @Get()
  @ApiOperation({ summary: "The organization's reservations, newest first (org admins)" })
  @ApiOkResponse({ type: QuotaReservationPageDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  list(@Param() params: OrganizationParams, @Query() query: ListQuotaReservationsQuery): Promise<QuotaReservationPageDto> {
    return this.quotas.reservations({ ...params, ...query });
  }

  @Post()
  @ApiOperation({
    summary: 'Reserve amounts against the user, team and organization quotas at once',
    description:
      'All or nothing: any limit that cannot take its share is a 422 QUOTA_EXCEEDED whose details name the scope, resource, requested and available amounts. ' +
      'The same idempotencyKey with the same body returns the same reservation (replayed: true); with another body a 422 IDEMPOTENCY_MISMATCH. ' +
      'A reservation not committed within ttlSeconds expires and frees its amounts.',
  })
  @ApiBody({ type: ReserveQuotaDto, examples: RESERVE_EXAMPLES })
  @ApiCreatedResponse({ type: QuotaReservationDto })
  @ApiErrorResponses(400, 401, 403, 404, 422, 429, 503, 504)
  reserve(@Param() params: OrganizationParams, @Body() body: ReserveQuotaDto): Promise<QuotaReservationDto> {
    return this.quotas.reserve(params.orgId, body);
  }

  @Get(':reservationId')
  @ApiOperation({ summary: 'One reservation' })
  @ApiOkResponse({ type: QuotaReservationDto })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  get(@Param() params: ReservationParams): Promise<QuotaReservationDto> {
    return this.quotas.reservation(params);
  }

  @Post(':reservationId/commit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn a reservation into used quota (idempotent); 409 when it was released or expired' })
  @ApiOkResponse({ type: QuotaReservationDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503, 504)
  commit(@Param() params: ReservationParams): Promise<QuotaReservationDto> {
    return this.quotas.commit(params);
  }

  @Post(':reservationId/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Free a reservation, or the usage it became once committed (idempotent)' })
  @ApiOkResponse({ type: QuotaReservationDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  release(@Param() params: ReservationParams): Promise<QuotaReservationDto> {
    return this.quotas.release(params);
  }
}

import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '@flotilla/contracts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `error.details.fields` names each bad field',
  401: 'Missing or invalid credentials',
  403: 'Not allowed for your role',
  404: 'No such object (or it belongs to another organization)',
  409: 'Conflicts with the current state',
  413: 'Request body larger than BODY_LIMIT_BYTES (PAYLOAD_TOO_LARGE)',
  422: 'Understood but refused (quota, capacity, idempotency)',
  429: 'Rate limited; retry after the Retry-After header',
  502: 'The cluster could not be reached (CLUSTER_UNREACHABLE); `error.details` says which step failed and why',
  503: 'A service behind the gateway is unavailable',
  504: 'A service behind the gateway did not answer in time',
};

/** Documents the error responses of a route, all in the one error shape. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorBodyDto })),
  );
}

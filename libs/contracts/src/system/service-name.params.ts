import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SERVICE_NAMES, type ServiceName } from '../messaging/services';

/** Path parameters of GET /api/v1/system/services/{name}. */
export class ServiceNameParams {
  @ApiProperty({ description: 'One of the NATS services', enum: SERVICE_NAMES, example: 'auth' })
  @IsIn(SERVICE_NAMES)
  name!: ServiceName;
}

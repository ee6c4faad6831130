import { Injectable } from '@nestjs/common';
import { IDENTITY_SUBJECTS as S, type CreateOrganizationDto, type OrganizationDto, type OrganizationParams, type UpdateOrganizationDto } from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';

/** Organizations, answered by the auth service. */
@Injectable()
export class OrganizationsService {
  constructor(private readonly nats: NatsRequester) {}

  create(body: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.nats.request<OrganizationDto>(S.organizationCreate, body);
  }

  list(): Promise<OrganizationDto[]> {
    return this.nats.request<OrganizationDto[]>(S.organizationList, {});
  }

  get(params: OrganizationParams): Promise<OrganizationDto> {
    return this.nats.request<OrganizationDto>(S.organizationGet, params);
  }

  update(params: OrganizationParams, body: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.nats.request<OrganizationDto>(S.organizationUpdate, { ...body, ...params });
  }

  async delete(params: OrganizationParams): Promise<void> {
    await this.nats.request(S.organizationDelete, params);
  }
}

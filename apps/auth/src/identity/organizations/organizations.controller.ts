import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateOrganizationDto, IDENTITY_SUBJECTS, OrganizationParams, UpdateOrganizationRequest, type OrganizationDto } from '@flotilla/contracts';
import { createValidationPipe, currentIdentity } from '@flotilla/common';
import { OrganizationsService } from './organizations.service';

/** NATS handlers of `auth.organization.*`. */
@Controller()
@UsePipes(createValidationPipe())
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @MessagePattern(IDENTITY_SUBJECTS.organizationCreate)
  create(@Payload() request: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.create(currentIdentity(), request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.organizationList)
  list(): Promise<OrganizationDto[]> {
    return this.organizations.list(currentIdentity());
  }

  @MessagePattern(IDENTITY_SUBJECTS.organizationGet)
  get(@Payload() params: OrganizationParams): Promise<OrganizationDto> {
    return this.organizations.get(currentIdentity(), params.orgId);
  }

  @MessagePattern(IDENTITY_SUBJECTS.organizationUpdate)
  update(@Payload() request: UpdateOrganizationRequest): Promise<OrganizationDto> {
    return this.organizations.update(currentIdentity(), request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.organizationDelete)
  async delete(@Payload() params: OrganizationParams): Promise<{ deleted: true }> {
    await this.organizations.delete(currentIdentity(), params.orgId);
    return { deleted: true };
  }
}

import { Injectable } from '@nestjs/common';
import { IDENTITY_SUBJECTS, type OrganizationDto } from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';

/** The organizations the auth service owns, asked over NATS (the registry keeps no copy of them). */
@Injectable()
export class OrganizationDirectory {
  constructor(private readonly nats: NatsRequester) {}

  /**
   * NOT_FOUND unless the organization exists (and the caller, whose identity the request carries,
   * may see it); SERVICE_UNAVAILABLE while auth is down.
   */
  async requireExists(orgId: string): Promise<void> {
    await this.nats.request<OrganizationDto>(IDENTITY_SUBJECTS.organizationGet, { orgId });
  }
}

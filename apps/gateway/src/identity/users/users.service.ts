import { Injectable } from '@nestjs/common';
import {
  IDENTITY_SUBJECTS as S,
  type ApiTokenDto,
  type CreateUserDto,
  type OrganizationParams,
  type SetUserRoleDto,
  type UpdateUserDto,
  type UserDto,
  type UserParams,
  type UserTokenParams,
} from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';

/** Users of an organization, their roles and tokens, answered by the auth service. */
@Injectable()
export class UsersService {
  constructor(private readonly nats: NatsRequester) {}

  create(params: OrganizationParams, body: CreateUserDto): Promise<UserDto> {
    return this.nats.request<UserDto>(S.userCreate, { ...body, ...params });
  }

  list(params: OrganizationParams): Promise<UserDto[]> {
    return this.nats.request<UserDto[]>(S.userList, params);
  }

  get(params: UserParams): Promise<UserDto> {
    return this.nats.request<UserDto>(S.userGet, params);
  }

  update(params: UserParams, body: UpdateUserDto): Promise<UserDto> {
    return this.nats.request<UserDto>(S.userUpdate, { ...body, ...params });
  }

  setRole(params: UserParams, body: SetUserRoleDto): Promise<UserDto> {
    return this.nats.request<UserDto>(S.userSetRole, { ...body, ...params });
  }

  async delete(params: UserParams): Promise<void> {
    await this.nats.request(S.userDelete, params);
  }

  tokens(params: UserParams): Promise<ApiTokenDto[]> {
    return this.nats.request<ApiTokenDto[]>(S.userTokenList, params);
  }

  async revokeToken(params: UserTokenParams): Promise<void> {
    await this.nats.request(S.userTokenRevoke, params);
  }
}

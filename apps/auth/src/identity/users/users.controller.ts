import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateUserRequest, IDENTITY_SUBJECTS, OrganizationParams, SetUserRoleRequest, UpdateUserRequest, UserParams, type UserDto } from '@flotilla/contracts';
import { createValidationPipe, currentIdentity } from '@flotilla/common';
import { UsersService } from './users.service';

/** NATS handlers of `auth.user.*`. */
@Controller()
@UsePipes(createValidationPipe())
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(IDENTITY_SUBJECTS.userCreate)
  create(@Payload() request: CreateUserRequest): Promise<UserDto> {
    return this.users.create(currentIdentity(), request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.userList)
  list(@Payload() params: OrganizationParams): Promise<UserDto[]> {
    return this.users.list(currentIdentity(), params.orgId);
  }

  @MessagePattern(IDENTITY_SUBJECTS.userGet)
  get(@Payload() params: UserParams): Promise<UserDto> {
    return this.users.get(currentIdentity(), params);
  }

  @MessagePattern(IDENTITY_SUBJECTS.userUpdate)
  update(@Payload() request: UpdateUserRequest): Promise<UserDto> {
    return this.users.update(currentIdentity(), request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.userSetRole)
  setRole(@Payload() request: SetUserRoleRequest): Promise<UserDto> {
    return this.users.setRole(currentIdentity(), request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.userDelete)
  async delete(@Payload() params: UserParams): Promise<{ deleted: true }> {
    await this.users.delete(currentIdentity(), params);
    return { deleted: true };
  }
}

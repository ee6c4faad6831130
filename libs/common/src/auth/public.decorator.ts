import { SetMetadata } from '@nestjs/common';

/** Where @nestjs/swagger keeps `@ApiOperation` (API_OPERATION_METADATA; its constants are not exported). */
const API_OPERATION_METADATA = 'swagger/apiOperation';

/** Metadata key set by {@link Public}. */
export const IS_PUBLIC_KEY = 'flotilla:public';

/**
 * Exempts a route (or every route of a controller) from the gateway's authentication: health,
 * metrics, login and the system routes. Everything else needs `Authorization: Bearer`. On a method
 * it also documents the operation as needing no credential (`security: []`) in the OpenAPI document,
 * whichever order it is stacked in with `@ApiOperation`.
 */
export function Public(): MethodDecorator & ClassDecorator {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (!descriptor) {
      SetMetadata(IS_PUBLIC_KEY, true)(target as never);
      return;
    }
    SetMetadata(IS_PUBLIC_KEY, true)(target, key!, descriptor);
    const operation: object = Reflect.getMetadata(API_OPERATION_METADATA, descriptor.value) ?? {};
    Reflect.defineMetadata(API_OPERATION_METADATA, { ...operation, security: [] }, descriptor.value);
  };
}

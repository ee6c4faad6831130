import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { parseNonNegativeQuantity, parseQuantity } from './quantity';
import { QuantityParseError } from './quantity-parse.error';

/** Options of {@link IsQuantity} and {@link isQuantity}. */
export interface IsQuantityOptions {
  /** Accept values below zero such as "-1" (the grammar allows them). Default false: quotas, requests and limits are never negative. */
  allowNegative?: boolean;
}

/** Name under which class-validator reports a failed {@link IsQuantity} check. */
export const IS_QUANTITY = 'isQuantity';

/**
 * True when `value` is a string that {@link parseQuantity} accepts (and, unless `allowNegative`,
 * that is not negative): the same test as `@IsQuantity()`, for code that holds no DTO.
 */
export function isQuantity(value: unknown, options: IsQuantityOptions = {}): boolean {
  if (typeof value !== 'string') return false;
  try {
    if (options.allowNegative) parseQuantity(value);
    else parseNonNegativeQuantity(value);
    return true;
  } catch (error) {
    if (error instanceof QuantityParseError) return false;
    throw error;
  }
}

/**
 * class-validator rule: the property is a Kubernetes quantity string ("500m", "2Gi", "1.5"),
 * non-negative unless `allowNegative`. For gateway and service DTOs only: libs/contracts imports
 * nothing of ours, so contract DTOs cannot use it.
 */
export function IsQuantity(options: IsQuantityOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  const allowNegative = options.allowNegative ?? false;
  return ValidateBy(
    {
      name: IS_QUANTITY,
      constraints: [allowNegative],
      validator: {
        validate: (value: unknown): boolean => isQuantity(value, { allowNegative }),
        defaultMessage: buildMessage(
          (eachPrefix) => `${eachPrefix}$property must be a Kubernetes quantity such as "500m" or "2Gi"`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}

import { SetMetadata } from '@nestjs/common';

/** Metadata key set by {@link ReadOnlyQuery}. */
export const READ_ONLY_QUERY_KEY = 'flotilla:read-only-query';

/**
 * Marks a POST route that only reads (a query too rich for a query string, such as a fit query),
 * so that read-only credentials may call it like any GET.
 */
export const ReadOnlyQuery = (): MethodDecorator => SetMetadata(READ_ONLY_QUERY_KEY, true);

import { DomainException } from '@flotilla/common';

/** Errors of the credentials context; their messages name clusters and key ids, never secrets. */
export class CredentialsException extends DomainException {}

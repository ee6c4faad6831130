import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@flotilla/common';
import { registryKeyRing, type RegistryConfig } from '../registry.config';
import { CredentialVault } from './credential-vault.service';
import { CredentialsRepository } from './credentials.repository';
import { KeyRing } from './key-ring';

/**
 * The credentials bounded context of the registry: cluster credentials encrypted at rest, and their
 * key-encryption keys (FLOTILLA_REGISTRY_KEYS). Other contexts use the exported {@link CredentialVault}.
 */
@Module({
  providers: [{ provide: KeyRing, useFactory: (config: RegistryConfig) => registryKeyRing(config), inject: [APP_CONFIG] }, CredentialsRepository, CredentialVault],
  exports: [CredentialVault],
})
export class CredentialsModule {}

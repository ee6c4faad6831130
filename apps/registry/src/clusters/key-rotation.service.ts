import { Injectable } from '@nestjs/common';
import { Role, type KeyRotationResultDto } from '@flotilla/contracts';
import { currentIdentity, requireRole, requireWrite } from '@flotilla/common';
import { CredentialVault } from '../credentials/credential-vault.service';

/** Re-wrapping every credential's data key under the active key-encryption key: platform admins only. */
@Injectable()
export class KeyRotationService {
  constructor(private readonly vault: CredentialVault) {}

  rotate(): Promise<KeyRotationResultDto> {
    const identity = currentIdentity();
    requireWrite(identity);
    requireRole(identity, Role.PlatformAdmin);
    return this.vault.rotate();
  }
}

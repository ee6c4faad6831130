// Properties carry explicit types: implicit conversion of env strings reads the emitted design:type.
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy, type ValidationArguments } from 'class-validator';
import { ServiceConfig, Sensitive } from '@flotilla/common';
import { KeyRing, parseKeyList } from './credentials/key-ring';

function IsKeyList(): PropertyDecorator {
  return ValidateBy({
    name: 'isKeyList',
    validator: {
      validate: (value: unknown) => 'keys' in parseKeyList(value),
      defaultMessage: (args?: ValidationArguments) => {
        const parsed = parseKeyList(args?.value);
        return 'problem' in parsed ? parsed.problem : 'is invalid';
      },
    },
  });
}

function IsListedKeyId(): PropertyDecorator {
  return ValidateBy({
    name: 'isListedKeyId',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => listedIds(args).includes(String(value)),
      defaultMessage: (args?: ValidationArguments) => `must be one of the key ids of FLOTILLA_REGISTRY_KEYS (${listedIds(args).join(', ') || 'none valid'})`,
    },
  });
}

function listedIds(args?: ValidationArguments): string[] {
  const parsed = parseKeyList((args?.object as Partial<RegistryConfig> | undefined)?.FLOTILLA_REGISTRY_KEYS);
  return 'keys' in parsed ? parsed.keys.map((k) => k.id) : [];
}

/** Configuration of the cluster registry. */
export class RegistryConfig extends ServiceConfig {
  override HEALTH_PORT = 8082;

  /**
   * Exec credential plugins (kubeconfig `users[].user.exec.command`) and auth providers the registry
   * may run, comma-separated (`aws,gke-gcloud-auth-plugin,kubelogin`). Empty: none; credentials that
   * need one are refused with what the host would need.
   */
  @IsString()
  @Matches(/^$|^[^,\s]+(,[^,\s]+)*$/, { message: 'REGISTRY_ALLOWED_EXEC_COMMANDS must be a comma-separated list of commands, without spaces' })
  REGISTRY_ALLOWED_EXEC_COMMANDS: string = '';

  /** How long each step of a connection test (and each read of a cluster) may take. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  REGISTRY_CONNECT_TIMEOUT_MS: number = 5000;

  /**
   * Path of a kubeconfig: when set, the registry registers (or refreshes) the platform cluster
   * `default`, shared with every organization, at start.
   */
  @IsOptional()
  @IsString()
  FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG: string | undefined = undefined;

  /**
   * Key-encryption keys of stored cluster credentials, "keyId:base64,keyId2:base64", each 32 random
   * bytes. Every key a stored credential is wrapped with must be listed, or the registry refuses to start.
   */
  @Sensitive()
  @IsKeyList()
  FLOTILLA_REGISTRY_KEYS: string = '';

  /** Id of the key new and rotated credentials are wrapped with; default: the last one listed. */
  @IsOptional()
  @IsListedKeyId()
  FLOTILLA_REGISTRY_ACTIVE_KEY: string | undefined = undefined;
}

/** The key ring a validated {@link RegistryConfig} describes. */
export function registryKeyRing(config: Pick<RegistryConfig, 'FLOTILLA_REGISTRY_KEYS' | 'FLOTILLA_REGISTRY_ACTIVE_KEY'>): KeyRing {
  const parsed = parseKeyList(config.FLOTILLA_REGISTRY_KEYS);
  if ('problem' in parsed) throw new Error(`FLOTILLA_REGISTRY_KEYS ${parsed.problem}`);
  return new KeyRing(parsed.keys, config.FLOTILLA_REGISTRY_ACTIVE_KEY ?? parsed.keys.at(-1)!.id);
}

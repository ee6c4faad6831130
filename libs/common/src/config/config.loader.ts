import { plainToInstance } from 'class-transformer';
import { IsInt, Max, Min, validateSync, type ValidationError } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import 'reflect-metadata';

const SENSITIVE = Symbol('flotilla:sensitive-config');

/** Marks a config property as secret: {@link redactConfig} replaces it, so it is never printed. */
export function Sensitive(): PropertyDecorator {
  return (target, key) => {
    const keys: Set<string | symbol> = Reflect.getMetadata(SENSITIVE, target) ?? new Set();
    keys.add(key);
    Reflect.defineMetadata(SENSITIVE, keys, target);
  };
}

/** A TCP port setting: an integer 0 to 65535, where 0 picks a free port (tests). */
export function IsPort(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(0), Max(65535));
}

/** Thrown at boot when the environment is invalid; the message names every bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Builds and validates one app's config class from environment variables (property name = variable
 * name). Defaults are the class's initialisers, so a developer machine needs no variables at all.
 * Fails fast with every bad variable named, never echoing a sensitive value.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls();
  const provided = Object.fromEntries(
    Object.keys(defaults).filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]),
  );
  const config = plainToInstance(cls, { ...defaults, ...provided }, { enableImplicitConversion: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(describeErrors(errors, cls.prototype));
  return config;
}

/** A copy of the config with sensitive values replaced, safe to log. */
export function redactConfig<T extends object>(config: T): Record<string, unknown> {
  const sensitive: Set<string | symbol> = Reflect.getMetadata(SENSITIVE, Object.getPrototypeOf(config)) ?? new Set();
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, sensitive.has(k) ? '[redacted]' : v]));
}

function describeErrors(errors: ValidationError[], prototype: object): string[] {
  const sensitive: Set<string | symbol> = Reflect.getMetadata(SENSITIVE, prototype) ?? new Set();
  return errors.map((error) => {
    const shown = sensitive.has(error.property) ? '[redacted]' : JSON.stringify(error.value);
    const reasons = Object.values(error.constraints ?? {}).join('; ');
    return `${error.property}=${shown}: ${reasons}`;
  });
}

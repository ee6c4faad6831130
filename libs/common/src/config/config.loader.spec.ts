import { IsInt, IsString, Min } from 'class-validator';
import { ConfigValidationError, loadConfig, redactConfig, Sensitive } from './config.loader';
import { ServiceConfig } from './service.config';

class ExampleConfig {
  @IsInt()
  @Min(1)
  WORKERS: number = 2;

  @Sensitive()
  @IsString()
  API_SECRET: string = 'dev-secret';
}

describe(loadConfig.name, () => {
  it('uses the class defaults when nothing is set', () => {
    const sut = loadConfig(ServiceConfig, {});
    expect(sut).toMatchObject({ NATS_URL: 'nats://127.0.0.1:4222', LOG_LEVEL: 'info', NATS_REQUEST_TIMEOUT_MS: 5000 });
  });

  it('converts numeric variables from their string form', () => {
    expect(loadConfig(ExampleConfig, { WORKERS: '8' }).WORKERS).toBe(8);
  });

  it('names every bad variable at once', () => {
    const attempt = () => loadConfig(ServiceConfig, { NATS_URL: 'localhost', LOG_LEVEL: 'loud', HEALTH_PORT: '70000' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigValidationError).problems.join('\n');
      expect(problems).toMatch(/^NATS_URL=/m);
      expect(problems).toMatch(/^LOG_LEVEL=/m);
      expect(problems).toMatch(/^HEALTH_PORT=/m);
    }
  });

  it('never echoes a sensitive value, even an invalid one', () => {
    try {
      loadConfig(ServiceConfig, { DATABASE_URL: 'mysql://root:hunter2@db/x' });
      expect.unreachable('an invalid DATABASE_URL must be refused');
    } catch (error) {
      expect((error as Error).message).toContain('DATABASE_URL=[redacted]');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('ignores empty variables so an unset value in compose does not wipe a default', () => {
    expect(loadConfig(ExampleConfig, { WORKERS: '' }).WORKERS).toBe(2);
  });
});

describe(redactConfig.name, () => {
  it('hides values marked sensitive and keeps the rest', () => {
    const sut = redactConfig(loadConfig(ExampleConfig, { API_SECRET: 's3cr3t' }));
    expect(sut).toEqual({ WORKERS: 2, API_SECRET: '[redacted]' });
  });
});

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorBodyDto } from '@flotilla/contracts';
import { flotillaVersion } from '@flotilla/common';

/** Builds the OpenAPI 3 document of everything mounted on the gateway. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Flotilla API')
    .setDescription(
      'One REST surface for a fleet of Kubernetes clusters: tenancy and quotas, cluster registry, provisioning, ' +
        'inventory and cost. Every error has the shape `{ "error": { "code", "message", "details" } }`.',
    )
    .setVersion(flotillaVersion())
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API token or access token (JWT)' })
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyDto] });
}

/** Swagger UI at /docs (with bearer auth) and the document at /openapi.json. */
export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    customSiteTitle: 'Flotilla API',
    swaggerOptions: { persistAuthorization: true },
  });
}

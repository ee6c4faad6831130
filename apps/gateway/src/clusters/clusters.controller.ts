import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterCredentialsDto, ClusterDto, ClusterPageDto, ClusterParams, CreateClusterDto, ListClustersQuery, UpdateClusterDto } from '@flotilla/contracts';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { CREDENTIALS_EXAMPLES, REGISTER_EXAMPLES, UPDATE_EXAMPLES } from './cluster.examples';
import { ClustersService } from './clusters.service';

/**
 * The cluster registry (`/clusters`): register clusters with their credentials, list and change
 * them. Credentials are write-only: no answer ever carries them.
 */
@ApiTags('clusters')
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @ApiOperation({
    summary: 'Clusters the caller can see, by name',
    description: "Platform admins see every cluster; others their organization's and those shared with it. Filters: provider, status, labelSelector (`env=prod,team=data`), orgId.",
  })
  @ApiOkResponse({ type: ClusterPageDto })
  @ApiErrorResponses(400, 401, 429, 503, 504)
  list(@Query() query: ListClustersQuery): Promise<ClusterPageDto> {
    return this.clusters.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Register a cluster (org admins for their organization; platform admins for any, or as a shared platform cluster)',
    description:
      'Takes a kubeconfig (optionally with a context), a URL + bearer token, or a URL + client certificate, each with an optional CA bundle. ' +
      'Flotilla tests the connection (DNS/TCP, TLS, authentication, /version, nodes, permissions) and detects the provider on the way. ' +
      'A cluster it cannot reach is registered all the same, with status `unreachable` and the failed step in `lastTest`. ' +
      'A kubeconfig needing an exec plugin or auth provider this installation does not allow is a 422 AUTH_PLUGIN_NOT_ALLOWED naming it. ' +
      'A body larger than BODY_LIMIT_BYTES is a 413.',
  })
  @ApiBody({ type: CreateClusterDto, examples: REGISTER_EXAMPLES })
  @ApiCreatedResponse({ type: ClusterDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 413, 422, 429, 503, 504)
  create(@Body() body: CreateClusterDto): Promise<ClusterDto> {
    return this.clusters.create(body);
  }

  @Get(':clusterId')
  @ApiOperation({ summary: 'One cluster: status, latest connection test, detection, what its credentials are (never the secrets)' })
  @ApiOkResponse({ type: ClusterDto })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  get(@Param() params: ClusterParams): Promise<ClusterDto> {
    return this.clusters.get(params);
  }

  @Patch(':clusterId')
  @ApiOperation({
    summary: "Change a cluster's display name, labels, region, declared capacity, rate card (its org admins) or sharing (platform admins)",
    description: 'Clusters shared with the caller’s organization are read-only to it: 403.',
  })
  @ApiBody({ type: UpdateClusterDto, examples: UPDATE_EXAMPLES })
  @ApiOkResponse({ type: ClusterDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  update(@Param() params: ClusterParams, @Body() body: UpdateClusterDto): Promise<ClusterDto> {
    return this.clusters.update(params, body);
  }

  @Delete(':clusterId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a cluster and its stored credentials (its org admins, platform admins); nothing on the cluster itself changes' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  delete(@Param() params: ClusterParams): Promise<void> {
    return this.clusters.delete(params);
  }

  @Put(':clusterId/credentials')
  @ApiOperation({
    summary: "Replace a cluster's credentials (its org admins, platform admins)",
    description: 'The new credentials are tested at once; the answer is the cluster with its new status and credential summary. There is no GET: credentials are write-only.',
  })
  @ApiBody({ type: ClusterCredentialsDto, examples: CREDENTIALS_EXAMPLES })
  @ApiOkResponse({ type: ClusterDto })
  @ApiErrorResponses(400, 401, 403, 404, 413, 422, 429, 503, 504)
  replaceCredentials(@Param() params: ClusterParams, @Body() body: ClusterCredentialsDto): Promise<ClusterDto> {
    return this.clusters.replaceCredentials(params, body);
  }
}

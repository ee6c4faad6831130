import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterCapacityDto, ClusterParams, ConnectionTestDto, DetectionDto, FitQueryDto, FitResultDto, KeyRotationResultDto } from '@flotilla/contracts';
import { ReadOnlyQuery } from '../identity/authentication/read-only-query.decorator';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { FIT_EXAMPLES } from './cluster.examples';
import { ClustersService } from './clusters.service';

const FIT_DESCRIPTION =
  'Places the replicas one at a time as the Kubernetes scheduler would (best fit per node: least room left after placing), subtracting as it goes, ' +
  'respecting nodeSelector, taints and tolerations, Ready and cordoned nodes. Per node, never by totals. A query: nothing is reserved, and viewers and read-only tokens may ask.';

/** What Flotilla asks of a registered cluster: connection test, detection, capacity and fit; and the fleet-wide operations. */
@ApiTags('clusters')
@Controller('clusters')
export class ClusterOperationsController {
  constructor(private readonly clusters: ClustersService) {}

  @Post('fit')
  @ReadOnlyQuery()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Where N replicas of a pod would go across every ready cluster the caller can use: which nodes of which clusters',
    description: `${FIT_DESCRIPTION} Clusters that cannot be read are listed in skippedClusters.`,
  })
  @ApiBody({ type: FitQueryDto, examples: FIT_EXAMPLES })
  @ApiOkResponse({ type: FitResultDto })
  @ApiErrorResponses(400, 401, 429, 503, 504)
  fleetFit(@Body() body: FitQueryDto): Promise<FitResultDto> {
    return this.clusters.fleetFit(body);
  }

  @Post('keys/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-wrap every stored credential under the active key-encryption key (platform admins)',
    description: 'Set FLOTILLA_REGISTRY_KEYS with the new key added and FLOTILLA_REGISTRY_ACTIVE_KEY to it, restart the registry, then call this: afterwards remainingOnOtherKeys is 0 and the old key can be removed.',
  })
  @ApiOkResponse({ type: KeyRotationResultDto })
  @ApiErrorResponses(401, 403, 429, 503, 504)
  rotateKeys(): Promise<KeyRotationResultDto> {
    return this.clusters.rotateKeys();
  }

  @Post(':clusterId/test')
  @HttpCode(200)
  @ApiOperation({
    summary: "Test a cluster's connection now and record it (members of its organization or of one it is shared with)",
    description:
      'Steps dns, tcp, tls, authentication, version, nodes, permissions, each with its latency; the first failure stops the test and gives the reason ' +
      '(CONNECTION_REFUSED, DNS_NOT_FOUND, TIMEOUT, TLS_UNKNOWN_AUTHORITY, TLS_ERROR, UNAUTHORIZED, MISSING_PERMISSIONS with the missing verbs). ' +
      'A failing cluster is a 200 with ok: false, never an error: the cluster status follows the result.',
  })
  @ApiOkResponse({ type: ConnectionTestDto })
  @ApiErrorResponses(400, 401, 403, 404, 422, 429, 503, 504)
  test(@Param() params: ClusterParams): Promise<ConnectionTestDto> {
    return this.clusters.test(params);
  }

  @Post(':clusterId/detect')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Detect provider and version now (EKS, GKE, AKS, k3s, RKE2, MicroK8s, OpenShift, kind, vanilla), keeping every signal as evidence',
    description: 'Signals: gitVersion suffix, node providerID and labels, API groups, server host. A cluster that cannot be reached is a 502 CLUSTER_UNREACHABLE.',
  })
  @ApiOkResponse({ type: DetectionDto })
  @ApiErrorResponses(400, 401, 403, 404, 422, 429, 502, 503, 504)
  detect(@Param() params: ClusterParams): Promise<DetectionDto> {
    return this.clusters.detect(params);
  }

  @Get(':clusterId/capacity')
  @ApiOperation({
    summary: 'Live capacity per cluster and node: total (allocatable), allocated (pod requests), available; beside the declared capacity',
    description: 'Read from the cluster now. A cluster that cannot be reached is a 502 CLUSTER_UNREACHABLE.',
  })
  @ApiOkResponse({ type: ClusterCapacityDto })
  @ApiErrorResponses(400, 401, 404, 422, 429, 502, 503, 504)
  capacity(@Param() params: ClusterParams): Promise<ClusterCapacityDto> {
    return this.clusters.capacity(params);
  }

  @Post(':clusterId/fit')
  @ReadOnlyQuery()
  @HttpCode(200)
  @ApiOperation({ summary: 'Where N replicas of a pod would go on this cluster, node by node', description: `${FIT_DESCRIPTION} A cluster that cannot be reached is a 502.` })
  @ApiBody({ type: FitQueryDto, examples: FIT_EXAMPLES })
  @ApiOkResponse({ type: FitResultDto })
  @ApiErrorResponses(400, 401, 404, 422, 429, 502, 503, 504)
  fit(@Param() params: ClusterParams, @Body() body: FitQueryDto): Promise<FitResultDto> {
    return this.clusters.fit(params, body);
  }
}

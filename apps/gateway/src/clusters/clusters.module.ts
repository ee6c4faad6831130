import { Module, type DynamicModule } from '@nestjs/common';
import { ClusterOperationsController } from './cluster-operations.controller';
import { CLUSTERS_OPTIONS, type ClustersOptions } from './clusters.options';
import { ClustersController } from './clusters.controller';
import { ClustersService } from './clusters.service';

/** REST routes of the cluster registry, forwarded to the registry service over NATS. */
@Module({})
export class ClustersModule {
  static register(options: ClustersOptions): DynamicModule {
    return {
      module: ClustersModule,
      controllers: [ClusterOperationsController, ClustersController],
      providers: [{ provide: CLUSTERS_OPTIONS, useValue: options }, ClustersService],
    };
  }
}

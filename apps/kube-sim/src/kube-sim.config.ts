import { IsInt, IsString, Max, Min } from 'class-validator';

/** Configuration of the Kubernetes API simulator. */
export class KubeSimConfig {
  @IsString()
  KUBE_SIM_HOST: string = '127.0.0.1';

  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  KUBE_SIM_PORT: number = 6443;

  /** Where the simulator keeps its CA and kubeconfigs between starts. */
  @IsString()
  KUBE_SIM_DATA_DIR: string = '.flotilla/kube-sim';
}

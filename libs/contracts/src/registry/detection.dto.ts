import { ApiProperty } from '@nestjs/swagger';
import { ClusterProvider, DetectionSignal } from './cluster-enums';

/** One observation a provider verdict rests on. */
export class DetectionEvidenceDto {
  @ApiProperty({ description: 'Kind of signal', enum: DetectionSignal, example: DetectionSignal.GitVersion })
  signal!: DetectionSignal;

  @ApiProperty({ description: 'What was observed', example: 'v1.31.2-eks-7f9249a' })
  value!: string;

  @ApiProperty({ description: 'Provider it points to', enum: ClusterProvider, example: ClusterProvider.Eks })
  provider!: ClusterProvider;

  @ApiProperty({ description: 'Weight of this signal in the verdict, 0..1', example: 0.9 })
  weight!: number;
}

/** Provider and version of a cluster, with the evidence. */
export class DetectionDto {
  @ApiProperty({ description: 'Verdict', enum: ClusterProvider, example: ClusterProvider.Eks })
  provider!: ClusterProvider;

  @ApiProperty({ description: 'Confidence of the verdict, 0..1', example: 0.97 })
  confidence!: number;

  @ApiProperty({ description: 'Server gitVersion', example: 'v1.31.2-eks-7f9249a', type: String, nullable: true })
  gitVersion!: string | null;

  @ApiProperty({ description: 'Kubernetes minor version "major.minor"', example: '1.31', type: String, nullable: true })
  kubernetesVersion!: string | null;

  @ApiProperty({ description: 'Every signal observed, strongest first', type: [DetectionEvidenceDto] })
  evidence!: DetectionEvidenceDto[];

  @ApiProperty({ description: 'When it was detected', example: '2026-01-31T12:00:00.000Z', format: 'date-time' })
  detectedAt!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { ConnectionFailureReason, ConnectionStep } from './cluster-enums';

const TIME_EXAMPLE = '2026-01-31T12:00:00.000Z';

/** One step of a connection test. */
export class ConnectionStepResultDto {
  @ApiProperty({ description: 'Step', enum: ConnectionStep, example: ConnectionStep.Tls })
  step!: ConnectionStep;

  @ApiProperty({ description: 'Whether it passed', example: true })
  ok!: boolean;

  @ApiProperty({ description: 'How long it took, in milliseconds', example: 12 })
  latencyMs!: number;

  @ApiProperty({ description: 'What was found ("v1.31.2-eks-7f9249a", "3 nodes") or why it failed', example: 'certificate chains to the given CA' })
  detail!: string;

  @ApiProperty({ description: 'Why it failed', enum: ConnectionFailureReason, nullable: true, example: null })
  reason!: ConnectionFailureReason | null;
}

/** Result of testing a cluster's connection: every step that ran, in order. */
export class ConnectionTestDto {
  @ApiProperty({ description: 'True when every step passed', example: true })
  ok!: boolean;

  @ApiProperty({ description: 'Reason of the first failed step', enum: ConnectionFailureReason, nullable: true, example: null })
  reason!: ConnectionFailureReason | null;

  @ApiProperty({ description: 'Human summary of the outcome', example: 'connected: v1.31.2-eks-7f9249a, 3 nodes, all required verbs granted' })
  message!: string;

  @ApiProperty({ description: 'Steps that ran, in order', type: [ConnectionStepResultDto] })
  steps!: ConnectionStepResultDto[];

  @ApiProperty({ description: 'Verbs Flotilla needs that the credentials lack, as "verb group/resource"', example: [], type: [String] })
  missingPermissions!: string[];

  @ApiProperty({ description: 'When it ran', example: TIME_EXAMPLE, format: 'date-time' })
  testedAt!: string;
}

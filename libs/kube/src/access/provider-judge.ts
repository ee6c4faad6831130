// The verdict from collected signals: pure, so every combination is a table test.
import { ClusterProvider, DetectionSignal, type DetectionDto, type DetectionEvidenceDto } from '@flotilla/contracts';
import { PROVIDER_RULES } from './provider-rules';

/** What detection reads from a cluster. */
export interface ProviderSignals {
  /** /version gitVersion; null when it could not be read. */
  gitVersion: string | null;
  /** Up to 50 nodes. */
  nodes: { name: string; providerID: string | null; labels: Record<string, string> }[];
  /** API group names served (from /apis). */
  apiGroups: string[];
  /** API server URL as registered. */
  server: string;
}

/** Below this combined weight the strongest distribution is not believed: the verdict is vanilla. */
export const VERDICT_THRESHOLD = 0.5;

const SIGNAL_ORDER = Object.values(DetectionSignal);

function matches(signal: DetectionSignal, value: string): DetectionEvidenceDto[] {
  return PROVIDER_RULES[signal].filter((rule) => rule.pattern.test(value)).map((rule) => ({ signal, value, provider: rule.provider, weight: rule.weight }));
}

function providerIdEvidence(nodes: ProviderSignals['nodes']): DetectionEvidenceDto[] {
  const byRule = new Map<string, { example: DetectionEvidenceDto; count: number }>();
  for (const node of nodes) {
    for (const evidence of node.providerID ? matches(DetectionSignal.ProviderId, node.providerID) : []) {
      const seen = byRule.get(evidence.provider) ?? { example: evidence, count: 0 };
      byRule.set(evidence.provider, { example: seen.example, count: seen.count + 1 });
    }
  }
  return [...byRule.values()].map(({ example, count }) => ({ ...example, value: `${example.value} (${count} of ${nodes.length} nodes)` }));
}

function labelEvidence(nodes: ProviderSignals['nodes']): DetectionEvidenceDto[] {
  const byKey = new Map<string, DetectionEvidenceDto>();
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node.labels)) {
      if (byKey.has(key)) continue;
      const [evidence] = matches(DetectionSignal.NodeLabel, `${key}=${value}`);
      if (evidence) byKey.set(key, evidence);
    }
  }
  return [...byKey.values()];
}

function serverHost(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

/** Every piece of evidence the signals hold, strongest first. */
export function evidenceOf(signals: ProviderSignals): DetectionEvidenceDto[] {
  const evidence = [
    ...(signals.gitVersion ? matches(DetectionSignal.GitVersion, signals.gitVersion) : []),
    ...providerIdEvidence(signals.nodes),
    ...labelEvidence(signals.nodes),
    ...signals.apiGroups.flatMap((group) => matches(DetectionSignal.ApiGroup, group)),
    ...matches(DetectionSignal.ServerHost, serverHost(signals.server)),
  ];
  const rank = (e: DetectionEvidenceDto) => SIGNAL_ORDER.indexOf(e.signal);
  return evidence.sort((a, b) => b.weight - a.weight || rank(a) - rank(b) || a.value.localeCompare(b.value));
}

/** Combined weight per provider: independent signals, so 1 − Π(1 − w). Vanilla is not a contender. */
function scores(evidence: DetectionEvidenceDto[]): [ClusterProvider, number][] {
  const miss = new Map<ClusterProvider, number>();
  for (const e of evidence) {
    if (e.provider !== ClusterProvider.Vanilla) miss.set(e.provider, (miss.get(e.provider) ?? 1) * (1 - e.weight));
  }
  return [...miss].map(([provider, m]): [ClusterProvider, number] => [provider, 1 - m]).sort((a, b) => b[1] - a[1]);
}

const round = (value: number) => Math.round(value * 100) / 100;

function verdict(signals: ProviderSignals, evidence: DetectionEvidenceDto[]): { provider: ClusterProvider; confidence: number } {
  if (signals.gitVersion === null) return { provider: ClusterProvider.Unknown, confidence: 0 };
  const [best, runnerUp] = scores(evidence);
  if (best && best[1] >= VERDICT_THRESHOLD) {
    // a strong rival lowers the confidence: the signals contradict each other
    return { provider: best[0], confidence: round(best[1] * (1 - 0.5 * (runnerUp?.[1] ?? 0))) };
  }
  // nothing points anywhere: upstream Kubernetes, the surer the more was seen
  const seen = signals.nodes.length > 0 ? 0.8 : 0.6;
  return { provider: ClusterProvider.Vanilla, confidence: round(seen * (1 - (best?.[1] ?? 0))) };
}

function kubernetesVersion(gitVersion: string | null): string | null {
  const match = /^v?(\d+)\.(\d+)/.exec(gitVersion ?? '');
  return match ? `${match[1]}.${match[2]}` : null;
}

/**
 * Judges which distribution the signals describe (EKS, GKE, AKS, k3s, RKE2, MicroK8s, OpenShift,
 * kind, else vanilla; unknown without a version), with every signal as evidence, strongest first,
 * and a confidence: the providers' combined weights, lowered by a strong contradicting signal.
 */
export function judgeProvider(signals: ProviderSignals, now: Date = new Date()): DetectionDto {
  const evidence = evidenceOf(signals);
  return { ...verdict(signals, evidence), gitVersion: signals.gitVersion, kubernetesVersion: kubernetesVersion(signals.gitVersion), evidence, detectedAt: now.toISOString() };
}

// What each signal says about the distribution, and how much it weighs (0..1). Distribution-specific
// marks (gitVersion suffixes, distribution labels, API groups) outweigh the cloud a node runs on: RKE2
// on EC2 has aws:// providerIDs and is still RKE2; kubeadm on EC2 is vanilla, not EKS.
import { ClusterProvider, DetectionSignal } from '@flotilla/contracts';

/** A pattern and the provider it points to. */
export interface SignalRule {
  pattern: RegExp;
  provider: ClusterProvider;
  weight: number;
}

const rule = (pattern: RegExp, provider: ClusterProvider, weight: number): SignalRule => ({ pattern, provider, weight });

/** Rules by signal kind. Node label rules match `key=value`. */
export const PROVIDER_RULES: Record<DetectionSignal, SignalRule[]> = {
  [DetectionSignal.GitVersion]: [
    rule(/-eks-/, ClusterProvider.Eks, 0.9),
    rule(/-gke\./, ClusterProvider.Gke, 0.9),
    rule(/\+k3s\d*$/, ClusterProvider.K3s, 0.9),
    rule(/\+rke2r\d*$/, ClusterProvider.Rke2, 0.9),
    // OpenShift builds carry a commit suffix (v1.27.6+f67aeb3): suggestive, not conclusive
    rule(/^v\d+\.\d+\.\d+\+[0-9a-f]{7,}$/, ClusterProvider.OpenShift, 0.4),
    // upstream's plain version: what every verdict without other signals rests on
    rule(/^v\d+\.\d+\.\d+$/, ClusterProvider.Vanilla, 0.2),
  ],
  [DetectionSignal.ProviderId]: [
    rule(/^kind:\/\//, ClusterProvider.Kind, 0.9),
    rule(/^k3s:\/\//, ClusterProvider.K3s, 0.8),
    rule(/^rke2:\/\//, ClusterProvider.Rke2, 0.8),
    // the cloud a node runs on; managed or not, the other signals tell
    rule(/^aws:\/\//, ClusterProvider.Eks, 0.4),
    rule(/^gce:\/\//, ClusterProvider.Gke, 0.4),
    rule(/^azure:\/\//, ClusterProvider.Aks, 0.4),
  ],
  [DetectionSignal.NodeLabel]: [
    rule(/^eks\.amazonaws\.com\//, ClusterProvider.Eks, 0.8),
    rule(/^cloud\.google\.com\/gke-/, ClusterProvider.Gke, 0.8),
    rule(/^kubernetes\.azure\.com\//, ClusterProvider.Aks, 0.8),
    rule(/^microk8s\.io\/cluster=/, ClusterProvider.MicroK8s, 0.8),
    rule(/^node\.kubernetes\.io\/microk8s-(controlplane|worker)=/, ClusterProvider.MicroK8s, 0.7),
    rule(/^node\.openshift\.io\//, ClusterProvider.OpenShift, 0.8),
    rule(/^node\.kubernetes\.io\/instance-type=k3s$/, ClusterProvider.K3s, 0.7),
    rule(/^node\.kubernetes\.io\/instance-type=rke2$/, ClusterProvider.Rke2, 0.7),
    rule(/^k3s\.io\//, ClusterProvider.K3s, 0.6),
    rule(/^rke2\.io\//, ClusterProvider.Rke2, 0.6),
  ],
  [DetectionSignal.ApiGroup]: [
    rule(/^config\.openshift\.io$/, ClusterProvider.OpenShift, 0.9),
    rule(/^route\.openshift\.io$/, ClusterProvider.OpenShift, 0.6),
    rule(/^networking\.gke\.io$/, ClusterProvider.Gke, 0.5),
    rule(/^vpcresources\.k8s\.aws$/, ClusterProvider.Eks, 0.5),
  ],
  [DetectionSignal.ServerHost]: [
    rule(/\.eks\.amazonaws\.com(:\d+)?$/, ClusterProvider.Eks, 0.8),
    rule(/\.azmk8s\.io(:\d+)?$/, ClusterProvider.Aks, 0.8),
    rule(/\.gke\.goog(:\d+)?$/, ClusterProvider.Gke, 0.7),
    rule(/(\.openshiftapps\.com|\.aroapp\.io)(:\d+)?$/, ClusterProvider.OpenShift, 0.7),
    rule(/:16443$/, ClusterProvider.MicroK8s, 0.4),
  ],
};

// Who the kubeconfig a flavour's installer writes authenticates as. kind (kubeadm's admin.conf) and k3s
// (k3s.yaml) hand out a client certificate in system:masters, the others in kube-sim a bearer token.
import type { FlavourName } from '../flavours/flavour';
import type { CertificateSubject } from '../pki/client-certificates';

/** The certificate subject and users entry name of a flavour's admin kubeconfig. */
export interface AdminCertificate extends CertificateSubject {
  /** The users entry of the kubeconfig; absent, kube-sim's own name. */
  userName?: string;
}

const ADMIN_CERTIFICATES: Partial<Record<FlavourName, AdminCertificate>> = {
  kind: { user: 'kubernetes-admin', groups: ['system:masters'] },
  k3s: { user: 'system:admin', groups: ['system:masters'], userName: 'default' },
};

/** The admin certificate a flavour's kubeconfig holds, or undefined where it holds a bearer token. */
export function adminCertificateOf(flavour: FlavourName): AdminCertificate | undefined {
  return ADMIN_CERTIFICATES[flavour];
}

// Request examples of the clusters routes, as Swagger UI offers them. Secrets in them are
// placeholders, shaped like the real thing.
import { CredentialType } from '@flotilla/contracts';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: prod-eu
  cluster:
    server: https://api.prod-eu.example.com:6443
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJkekNDQVIyZ0F3SUJBZ0lCQURBS0JnZ3Foa2pPUFFRREFqQWpNU0V3SHdZRFZRUUREQmhyTTNNdGMyVnkKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
users:
- name: flotilla
  user:
    token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjRkYjQ3In0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Zmxv.c2lnbmF0dXJl
contexts:
- name: prod-eu
  context:
    cluster: prod-eu
    user: flotilla
current-context: prod-eu
`;

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\n...\n-----END CERTIFICATE-----\n';

/** Bodies of POST /clusters. */
export const REGISTER_EXAMPLES = {
  'kubeconfig upload': {
    summary: 'A kubeconfig as users have it (org admins register for their own organization)',
    value: {
      name: 'prod-eu',
      displayName: 'Production EU (Frankfurt)',
      labels: { env: 'prod', team: 'data' },
      region: 'eu-central-1',
      declaredCapacity: { cpu: '64', memory: '256Gi', 'nvidia.com/gpu': '4' },
      rateCardRef: 'aws-eu-central-1-ondemand',
      credentials: { type: CredentialType.Kubeconfig, kubeconfig: KUBECONFIG, context: 'prod-eu' },
    },
  },
  'token and CA bundle': {
    summary: 'API server URL, bearer token (e.g. a service account token) and the CA it chains to',
    value: {
      name: 'edge-k3s',
      labels: { env: 'edge' },
      credentials: {
        type: CredentialType.Token,
        server: 'https://10.0.12.4:6443',
        token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjRkYjQ3In0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Zmxv.c2lnbmF0dXJl',
        caBundle: CA_PEM,
      },
    },
  },
  'client certificate': {
    summary: 'URL, PEM client certificate and key',
    value: {
      name: 'lab-rke2',
      credentials: {
        type: CredentialType.ClientCertificate,
        server: 'https://rke2.lab.example.com:6443',
        clientCertificate: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n',
        clientKey: '-----BEGIN EC PRIVATE KEY-----\n...\n-----END EC PRIVATE KEY-----\n',
        caBundle: CA_PEM,
      },
    },
  },
  'platform cluster shared with every organization': {
    summary: 'Platform admins: no orgId, shared with all',
    value: { name: 'shared-gpu', sharing: { all: true }, credentials: { type: CredentialType.Kubeconfig, kubeconfig: KUBECONFIG } },
  },
};

/** Bodies of PUT /clusters/{clusterId}/credentials. */
export const CREDENTIALS_EXAMPLES = {
  'new kubeconfig': { value: { type: CredentialType.Kubeconfig, kubeconfig: KUBECONFIG } },
  'new token': { value: { type: CredentialType.Token, server: 'https://10.0.12.4:6443', token: 'eyJhbGciOiJSUzI1NiIs...', caBundle: CA_PEM } },
};

/** Bodies of PATCH /clusters/{clusterId}. */
export const UPDATE_EXAMPLES = {
  relabel: { value: { labels: { env: 'prod', tier: 'gold' }, displayName: 'Production EU' } },
  'declared capacity': { value: { declaredCapacity: { cpu: '48', memory: '192Gi' } } },
  'share with two organizations (platform admins)': {
    value: { sharing: { all: false, orgIds: ['0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', '5b7e9a10-2c4d-4e6f-8a1b-3c5d7e9f0a12'] } },
  },
};

/** Bodies of the fit queries. */
export const FIT_EXAMPLES = {
  'GPU training job': {
    summary: '4 replicas, one A100 each, tolerating the GPU taint',
    value: {
      requests: { cpu: '8', memory: '64Gi', 'nvidia.com/gpu': '1' },
      replicas: 4,
      nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    },
  },
  'MIG slices': { value: { requests: { cpu: '2', memory: '8Gi', 'nvidia.com/mig-1g.10gb': '1' }, replicas: 7 } },
  'web tier': { value: { requests: { cpu: '500m', memory: '512Mi' }, replicas: 20 } },
};

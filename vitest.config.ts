// Three tiers (STYLE.md): unit specs beside the code, integration specs against real Postgres and
// NATS, e2e specs that drive the gateway over HTTP. Integration and e2e share one private NATS
// server and one throw-away database per run (test/global-setup.ts).
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

const alias = {
  '@flotilla/contracts': resolve(__dirname, 'libs/contracts/src/index.ts'),
  '@flotilla/common/testing': resolve(__dirname, 'libs/common/src/testing/index.ts'),
  '@flotilla/common': resolve(__dirname, 'libs/common/src/index.ts'),
  '@flotilla/kube': resolve(__dirname, 'libs/kube/src/index.ts'),
  '@flotilla/persistence': resolve(__dirname, 'libs/persistence/src/index.ts'),
  // app entry points, for the e2e suite only (it starts apps in-process)
  '@flotilla/app-auth': resolve(__dirname, 'apps/auth/src/index.ts'),
  '@flotilla/app-registry': resolve(__dirname, 'apps/registry/src/index.ts'),
  '@flotilla/app-provisioning': resolve(__dirname, 'apps/provisioning/src/index.ts'),
  '@flotilla/app-sync': resolve(__dirname, 'apps/sync/src/index.ts'),
  '@flotilla/app-cost': resolve(__dirname, 'apps/cost/src/index.ts'),
  '@flotilla/app-gateway': resolve(__dirname, 'apps/gateway/src/index.ts'),
  // kube-sim's test harness, before the entry point (aliases match by prefix)
  '@flotilla/app-kube-sim/testing': resolve(__dirname, 'apps/kube-sim/src/testing/index.ts'),
  '@flotilla/app-kube-sim': resolve(__dirname, 'apps/kube-sim/src/index.ts'),
};

const plugins = [swc.vite({ module: { type: 'es6' } })];
const exclude = ['**/node_modules/**', '**/dist/**', '**/tmp/**'];

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    globals: true,
    reporters: ['default'],
    // integration and e2e files share one NATS and one database and stop services on purpose
    fileParallelism: false,
    projects: [
      {
        plugins,
        resolve: { alias },
        test: { name: 'unit', globals: true, include: ['{apps,libs,scripts,bench}/**/*.spec.ts'], exclude },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'integration',
          globals: true,
          include: ['{apps,libs,scripts,bench,test}/**/*.{integration,e2e}-spec.ts'],
          exclude,
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

// Test harness of kube-sim, for specs only (@flotilla/app-kube-sim/testing): never imported by app code.
export * from './kubectl';
export * from './sim-under-test';

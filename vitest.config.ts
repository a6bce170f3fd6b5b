import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // The real-exporter lab measures real programs under load: it runs alone (below).
          exclude: ['tests/integration/lab/**'],
          environment: 'node',
          globalSetup: ['tests/harness/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 2,
          // Runs after the unit project, so the two never compete for the 2 cores.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          // Faults on purpose (issue 16): kills of worker processes, a stopped PostgreSQL, a
          // restarted Redis, malformed requests. Each test starts its own throwaway servers, so
          // stopping one never touches another test's; one file at a time.
          name: 'chaos',
          include: ['tests/chaos/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'lab',
          include: ['tests/integration/lab/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 420_000,
          pool: 'forks',
          // One file at a time after everything else: the load tools, the services and
          // Prometheus share 2 cores, and a neighbour's CPU would distort what they measure.
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});

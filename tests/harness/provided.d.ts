import type { GroundTruth } from '../../src/sim/scenario.js';
import type { SharedData } from './shared-data.js';

/** Values the global setup hands to integration tests through vitest's `inject`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of a throwaway PostgreSQL cluster (database `postgres`). */
    pgUrl: string;
    /** URL of a throwaway Redis server. */
    redisUrl: string;
    /** URL of a throwaway Prometheus holding every backfilled simulator scenario. */
    promUrl: string;
    /** URL of a throwaway InfluxDB 1.x; database `loadtests` holds JMeter and k6 points. */
    influxUrl: string;
    influxDb: string;
    /** Ground truth of every scenario backfilled into Prometheus and InfluxDB, by name. */
    scenarios: Record<string, GroundTruth>;
    /**
     * Several services on one Prometheus (tenant `scenario="shared"`): the window with four
     * busy services, a background one and one whose test ran an hour earlier, with the
     * truth of each (peak, bottleneck domain, host, database, load tool, expected verdict).
     */
    shared: SharedData;
  }
}

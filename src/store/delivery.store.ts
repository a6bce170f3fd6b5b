/** A chart image kept with its run. */
export interface StoredChart {
  id: string;
  title: string;
  png: Buffer;
}

/**
 * Rendered charts of a run and the delivery steps already done per chat. Steps make
 * delivery idempotent: a job checks a step before posting and records it after.
 */
export interface DeliveryStore {
  putCharts(runId: string, charts: StoredChart[]): Promise<void>;
  listCharts(runId: string): Promise<StoredChart[]>;
  /** The message refs recorded for a step, or null when the step was not done. */
  getStep<T = unknown>(runId: string, chatKey: string, step: string): Promise<T[] | null>;
  /** Records a done step; recording it twice keeps the first. */
  putStep(runId: string, chatKey: string, step: string, refs: unknown[]): Promise<void>;
}

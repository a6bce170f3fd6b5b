import type { DomainJson, PeakJson, ReportJson, TimingsMs, Verdict } from '../analysis/report.types.js';
import type { DomainId } from '../config/file.schema.js';
import type { AlertIncidentStore } from './alerts.store.js';
import type { ChatSloStore } from './chat-slos.repo.js';
import type { DeliveryStore } from './delivery.store.js';
import type { NarrativeStore } from './narratives.store.js';
import type { RetentionStore } from './retention.repo.js';
import type { SeenRequestStore } from './seen-requests.repo.js';

/** A stored run: one analysed window of one service. */
export interface RunRecord {
  id: string;
  name: string;
  service: string | null;
  from: Date;
  to: Date;
  verdict: Verdict;
  peak: PeakJson | null;
  timings: TimingsMs;
  /** The full report JSON as produced by the engine. */
  report: ReportJson;
  /** Invalid runs can never become a baseline. */
  invalid: boolean;
  /** Where the run came from: `cli`, `telegram:<chat>`, `slack:<channel>`, `alert`, `replay`. */
  origin: string;
  createdAt: Date;
}

/** What a caller passes to create a run. `id` is generated when missing. */
export interface NewRun {
  id?: string;
  name: string;
  service: string | null;
  from: Date;
  to: Date;
  verdict: Verdict;
  peak: PeakJson | null;
  timings: TimingsMs;
  report: ReportJson;
  origin?: string;
  domains: DomainJson[];
  series: StoredSeries[];
}

/** A resampled series kept with its run (charts and comparisons read these). */
export interface StoredSeries {
  /** Stable key within the run, e.g. `http.p95.orders`. */
  key: string;
  domain: DomainId;
  panel: string;
  name: string;
  unit: string;
  labels: Record<string, string>;
  /** Epoch milliseconds and values; NaN values are stored as NULL and come back as NaN. */
  t: number[];
  v: number[];
}

export interface RunFilter {
  service?: string;
  verdict?: Verdict;
  /** Case-insensitive substring of the name or service. */
  search?: string;
  /** Runs whose window starts at or after `since`. */
  since?: Date;
  until?: Date;
  limit?: number;
  offset?: number;
}

export interface StoredFinding {
  id: string;
  runId: string;
  domain: DomainId;
  severity: string;
  title: string;
  metric: string;
  at: Date | null;
  value: number | null;
}

export interface SummaryVersion {
  runId: string;
  version: number;
  author: string;
  body: string;
  createdAt: Date;
}

export interface Vote {
  runId: string;
  /** `verdict` or a finding id. */
  target: string;
  voter: string;
  value: 1 | -1;
  comment: string | null;
  createdAt: Date;
}

export interface Baseline {
  service: string;
  runId: string;
  setBy: string;
  setAt: Date;
}

export type JobStatus = 'queued' | 'active' | 'done' | 'failed';
export interface JobRecord {
  id: string;
  kind: string;
  status: JobStatus;
  payload: unknown;
  result: unknown;
  error: string | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AlertEvent {
  id: string;
  source: 'grafana' | 'alertmanager';
  groupKey: string;
  status: 'firing' | 'resolved';
  service: string | null;
  labels: Record<string, string>;
  payload: unknown;
  runId: string | null;
  receivedAt: Date;
}

/** Per-chat settings set by /service, /tz, /lang. `chatKey` is `telegram:<id>` or `slack:<id>`. */
export interface ChatSettings {
  chatKey: string;
  service: string | null;
  tz: string | null;
  locale: 'ru' | 'en' | null;
}

/** One store API over PostgreSQL/TimescaleDB and embedded PGlite. */
export interface Store {
  /** `pglite` or `postgres`, and whether TimescaleDB hypertables are used. */
  readonly backend: { kind: 'pglite' | 'postgres'; timescale: boolean };
  /** Charts kept with runs and chat delivery steps. */
  readonly delivery: DeliveryStore;
  /** Alert incidents: which report an alert group's later notifications edit or answer. */
  readonly alertIncidents: AlertIncidentStore;
  /** LLM narratives of runs, versioned, with their cost. */
  readonly narratives: NarrativeStore;
  /** SLOs a chat set per service with /slo. */
  readonly chatSlos: ChatSloStore;
  /** Trimming of delivery records past their retention. */
  readonly retention: RetentionStore;
  /** Chat requests already taken: replays are dropped (issue 16). */
  readonly seenRequests: SeenRequestStore;

  saveRun(run: NewRun): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | null>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  renameRun(id: string, name: string): Promise<boolean>;
  setRunInvalid(id: string, invalid: boolean): Promise<boolean>;
  /** Deletes a run with its points, results, findings, notes and votes. */
  deleteRun(id: string): Promise<boolean>;
  /** The most recent run of a service (or of any service when null). */
  latestRun(service: string | null): Promise<RunRecord | null>;

  getSeries(runId: string, keys?: string[]): Promise<StoredSeries[]>;
  getDomains(runId: string): Promise<DomainJson[]>;
  getFindings(runId: string): Promise<StoredFinding[]>;

  addSummaryVersion(runId: string, author: string, body: string): Promise<SummaryVersion>;
  listSummaryVersions(runId: string): Promise<SummaryVersion[]>;

  /** One vote per voter and target; voting again replaces the earlier vote. */
  putVote(vote: Omit<Vote, 'createdAt'>): Promise<Vote>;
  listVotes(runId: string): Promise<Vote[]>;

  /** Refuses (throws BAD_INPUT) when the run is invalid or belongs to another service. */
  setBaseline(service: string, runId: string, setBy: string): Promise<Baseline>;
  getBaseline(service: string): Promise<Baseline | null>;

  putJob(job: Pick<JobRecord, 'id' | 'kind' | 'payload'>): Promise<JobRecord>;
  updateJob(
    id: string,
    patch: Partial<Pick<JobRecord, 'status' | 'result' | 'error' | 'attempts'>>,
  ): Promise<void>;
  getJob(id: string): Promise<JobRecord | null>;

  addAlertEvent(event: Omit<AlertEvent, 'id' | 'receivedAt'> & { receivedAt?: Date }): Promise<AlertEvent>;
  listAlertEvents(filter?: { groupKey?: string; limit?: number }): Promise<AlertEvent[]>;
  linkAlertRun(eventId: string, runId: string): Promise<void>;

  getChatSettings(chatKey: string): Promise<ChatSettings>;
  setChatSettings(chatKey: string, patch: Partial<Omit<ChatSettings, 'chatKey'>>): Promise<ChatSettings>;

  close(): Promise<void>;
}

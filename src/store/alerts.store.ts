/** One alert group's incident: from the first firing notification to the resolved one. */
export interface AlertIncident {
  id: string;
  groupKey: string;
  state: 'open' | 'resolved';
  /** Earliest `startsAt` of the group's alerts seen so far. */
  startsAt: Date;
  /** The notification (job event id) that owns the first post. */
  openedBy: string;
  /** Run of the first post; null until that post reached every chat. */
  firstRunId: string | null;
  /** Run of the latest edit of the first post. */
  lastRunId: string | null;
  /** Run of the final (resolved) report. */
  finalRunId: string | null;
  resolvedBy: string | null;
  openedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
}

/** What `open` returns: the group's open incident and whether the caller owns its first post. */
export interface OpenedIncident {
  incident: AlertIncident;
  /** True when the caller created the incident now, created it on an earlier try, or took over a stale claim. */
  claimed: boolean;
}

/**
 * Incidents of alert groups. At most one incident per group is open at a time (a partial
 * unique index), so concurrent notifications of one group agree on who posts first.
 */
export interface AlertIncidentStore {
  /**
   * Claims the group's open incident, or returns the one already open (its start moves to
   * the earlier `startsAt`). A claim whose first post never arrived (`firstRunId` null and
   * not touched since `staleBefore`) is taken over by the caller.
   */
  open(req: {
    groupKey: string;
    startsAt: Date;
    by: string;
    now: Date;
    staleBefore?: Date;
  }): Promise<OpenedIncident>;
  /** The group's most recently opened incident, open or resolved. */
  latest(groupKey: string): Promise<AlertIncident | null>;
  /** Records the run of the first post (`first`) or of the latest edit (`last`). */
  setRun(id: string, which: 'first' | 'last', runId: string, now: Date): Promise<void>;
  /** Closes an open incident; false when it was not open (already resolved or gone). */
  resolve(id: string, r: { by: string; finalRunId: string | null; at: Date }): Promise<boolean>;
  /** Creates an incident already resolved (a resolved notification for a group never seen firing). */
  openResolved(req: { groupKey: string; startsAt: Date; by: string; at: Date }): Promise<AlertIncident>;
  /** Drops an incident whose first post failed for good, so the next firing starts afresh. */
  abandon(id: string, by: string): Promise<void>;
}

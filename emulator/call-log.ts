/** One /v4 call as the emulator saw it, for tests that count calls or check what a client sent. */
export interface CallLogEntry {
  /** 1, 2, 3… in arrival order since start (not reset by clearing). */
  seq: number;
  /** Arrival time, ms since the epoch, from the emulator's clock. */
  at: number;
  /** Command name such as `friend_update`, or the request path when no command matched. */
  command: string;
  /** `From_Account` of the body, when it has one. */
  fromAccount: string | null;
  /** Length of the command's batch array (descriptor `batch.field`); 0 when it has none. */
  itemCount: number;
  /**
   * The parsed JSON body (never the URL: the UserSig travels there); null once the entry is older than the newest 1000.
   */
  body: unknown;
  outcome: {
    /** HTTP status sent; null when the connection was dropped. */
    httpStatus: number | null;
    /** The envelope's ErrorCode; null when no envelope was sent (HTTP 502 or a dropped connection). */
    errorCode: number | null;
    /** Accounts of the items that failed (Fail_Account, FailAccounts, or non-zero ResultItem codes). */
    failedItems: string[];
    /** The injected fault that decided the outcome, if any. */
    fault?: "http502" | "drop" | "dropAfterApply" | "error" | "conflict" | "itemError";
  };
}

/**
 * The call log: newest last, at most `limit` entries. Bodies (up to 1000 items each) are kept only for the newest
 * `bodyRetention` entries, so a long run does not hold every request in memory.
 */
export class CallLog {
  private entries: CallLogEntry[] = [];
  private nextSeq = 1;

  constructor(
    private readonly limit: number,
    private readonly bodyRetention = 1000,
  ) {}

  add(entry: Omit<CallLogEntry, "seq">): void {
    if (this.limit === 0) return;
    this.entries.push({ seq: this.nextSeq++, ...entry });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    const stale = this.entries.length - 1 - this.bodyRetention;
    if (stale >= 0) this.entries[stale].body = null;
  }

  list(): CallLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}

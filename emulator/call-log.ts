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
  /** The parsed JSON body (never the URL: the UserSig travels there). */
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

/** The call log: newest last, at most `limit` entries. */
export class CallLog {
  private entries: CallLogEntry[] = [];
  private nextSeq = 1;

  constructor(private readonly limit: number) {}

  add(entry: Omit<CallLogEntry, "seq">): void {
    if (this.limit === 0) return;
    this.entries.push({ seq: this.nextSeq++, ...entry });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): CallLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}

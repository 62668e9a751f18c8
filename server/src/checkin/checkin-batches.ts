/**
 * Check-ins are written in batches. Alone, each scan costs a transaction: several round trips and
 * a commit flush to disk (milliseconds on this machine's disk), and at a busy door the database
 * spends more on that than on the check-in itself. So scans that arrive while earlier batches are
 * being written wait, and go together in the next one: one statement and one commit for many.
 *
 * A scan waits for no timer, only for the end of the event loop's current turn, so the requests
 * read in that turn go together (SQLite's driver answers without yielding: this is the only way its
 * scans meet). Each scan keeps its own conditional update and its own answer, and no answer is sent
 * before its batch has committed.
 * Two scans of one ticket never share a batch or run in two batches at once: the later one waits
 * for the next, so it sees the first committed. A batch that fails is retried one scan at a time,
 * so one bad scan cannot fail the others.
 */

/** Batches written at once: the commit flushes of a few overlap, and a few leave the pool to others. */
const BATCHES_IN_FLIGHT = 4;
const BATCH_MAX = 200;

interface Waiting<Scan, Outcome> {
  scan: Scan;
  resolve: (outcome: Outcome) => void;
  reject: (err: unknown) => void;
}

/** Scans of `ticketOf` (null: no ticket) written by `writeAll`, which answers one outcome per scan in order. */
export class CheckinBatches<Scan, Outcome> {
  private queue: Waiting<Scan, Outcome>[] = [];
  private inFlight = 0;
  private gathering = false;
  /** Tickets in a batch being written now. */
  private readonly busyTickets = new Set<string>();

  constructor(
    private readonly writeAll: (scans: Scan[]) => Promise<Outcome[]>,
    private readonly ticketOf: (scan: Scan) => string | null,
  ) {}

  write(scan: Scan): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ scan, resolve, reject });
      this.gather();
    });
  }

  /** Starts batches once this turn of the event loop is over, so the requests read in it go together. */
  private gather(): void {
    if (this.gathering) return;
    this.gathering = true;
    setImmediate(() => {
      this.gathering = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < BATCHES_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // every waiting scan names a ticket being written now
      this.inFlight++;
      const tickets = batch.flatMap((w) => this.ticketOf(w.scan) ?? []);
      for (const id of tickets) this.busyTickets.add(id);
      void this.writeBatch(batch).finally(() => {
        for (const id of tickets) this.busyTickets.delete(id);
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The oldest waiting scans, at most one per ticket and none of a ticket being written now. */
  private takeBatch(): Waiting<Scan, Outcome>[] {
    const batch: Waiting<Scan, Outcome>[] = [];
    const later: Waiting<Scan, Outcome>[] = [];
    const tickets = new Set<string>();
    for (const w of this.queue) {
      const id = this.ticketOf(w.scan);
      if (batch.length >= BATCH_MAX || (id !== null && (tickets.has(id) || this.busyTickets.has(id)))) {
        later.push(w);
        continue;
      }
      if (id !== null) tickets.add(id);
      batch.push(w);
    }
    this.queue = later;
    return batch;
  }

  private async writeBatch(batch: Waiting<Scan, Outcome>[]): Promise<void> {
    try {
      const outcomes = await this.writeAll(batch.map((w) => w.scan));
      batch.forEach((w, i) => {
        const outcome = outcomes[i];
        if (outcome === undefined) w.reject(new Error('check-in batch answered fewer scans than it was given'));
        else w.resolve(outcome);
      });
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      for (const w of batch) await this.writeBatch([w]);
    }
  }
}

/**
 * One batcher for the writes and reads that many requests make at once (check-in scans, session
 * lookups, holds of one ticket type): the items that arrive while earlier batches are running wait,
 * and go together in the next one, so one round trip and one commit serve many requests.
 *
 * API:
 *   const batcher = new Batcher({ run, groupOf?, inFlightPerGroup?, exclusiveKeyOf?, maxWeight?,
 *                                 weightOf?, retryAlone? });
 *   const answer = await batcher.submit(item);
 *
 * - `run(items, group)` runs one batch and answers one value per item, in order. No answer is given
 *   before `run` has finished (for a write: committed).
 * - `groupOf(item)`: items of different groups never share a batch (default: one group). Each group
 *   has at most `inFlightPerGroup` batches running at once (default 1: one flush in flight per key).
 * - `exclusiveKeyOf(item)`: two items with one key (not null) never share a batch nor run in two
 *   batches at once; the later waits for the next batch, so it sees the first one's effect.
 * - `maxWeight` (default 100) bounds a batch by the sum of `weightOf(item)` (default 1 each); an
 *   item heavier than that still goes, alone.
 * - `retryAlone`: a batch that fails is retried one item at a time, so one bad item fails alone and
 *   the others get their answers; without it every item of the batch gets the batch's error.
 *
 * An item waits for no timer, only for the end of the event loop's current turn, so the requests
 * read in one turn go together (SQLite's driver answers without yielding: this is the only way its
 * requests meet). Within a group items are taken oldest first.
 */

export interface BatcherOptions<Item, Answer> {
  run(items: Item[], group: string): Promise<Answer[]>;
  groupOf?(item: Item): string;
  inFlightPerGroup?: number;
  exclusiveKeyOf?(item: Item): string | null;
  maxWeight?: number;
  weightOf?(item: Item): number;
  retryAlone?: boolean;
}

interface Waiting<Item, Answer> {
  item: Item;
  resolve: (answer: Answer) => void;
  reject: (err: unknown) => void;
}

interface Group<Item, Answer> {
  queue: Waiting<Item, Answer>[];
  inFlight: number;
  /** Exclusive keys of the items in this group's running batches. */
  busy: Set<string>;
}

export class Batcher<Item, Answer> {
  private readonly groups = new Map<string, Group<Item, Answer>>();
  private readonly ready = new Set<string>();
  private gathering = false;
  private readonly inFlightPerGroup: number;
  private readonly maxWeight: number;

  constructor(private readonly options: BatcherOptions<Item, Answer>) {
    this.inFlightPerGroup = options.inFlightPerGroup ?? 1;
    this.maxWeight = options.maxWeight ?? 100;
  }

  /** Resolves with this item's own answer once its batch has run; rejects with its batch's error. */
  submit(item: Item): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const key = this.options.groupOf?.(item) ?? '';
      let group = this.groups.get(key);
      if (group === undefined) {
        group = { queue: [], inFlight: 0, busy: new Set() };
        this.groups.set(key, group);
      }
      group.queue.push({ item, resolve, reject });
      this.ready.add(key);
      this.gather();
    });
  }

  /** Starts batches once this turn of the event loop is over, so the requests read in it go together. */
  private gather(): void {
    if (this.gathering) return;
    this.gathering = true;
    setImmediate(() => {
      this.gathering = false;
      const keys = [...this.ready];
      this.ready.clear();
      for (const key of keys) this.pump(key);
    });
  }

  private pump(key: string): void {
    const group = this.groups.get(key);
    if (group === undefined) return;
    while (group.inFlight < this.inFlightPerGroup && group.queue.length > 0) {
      const batch = this.take(group);
      if (batch.length === 0) break; // every waiting item's key is in a running batch
      const keys = batch.flatMap((w) => this.options.exclusiveKeyOf?.(w.item) ?? []);
      for (const k of keys) group.busy.add(k);
      group.inFlight++;
      void this.runBatch(key, batch).finally(() => {
        for (const k of keys) group.busy.delete(k);
        group.inFlight--;
        this.pump(key);
      });
    }
    // An idle, empty group is forgotten, so one-off keys (ticket types of past sales) do not pile up.
    if (group.inFlight === 0 && group.queue.length === 0) this.groups.delete(key);
  }

  /** The oldest waiting items that fit, none whose exclusive key is taken. */
  private take(group: Group<Item, Answer>): Waiting<Item, Answer>[] {
    const batch: Waiting<Item, Answer>[] = [];
    const later: Waiting<Item, Answer>[] = [];
    const keys = new Set<string>();
    let weight = 0;
    let full = false;
    for (const w of group.queue) {
      const key = this.options.exclusiveKeyOf?.(w.item) ?? null;
      const itemWeight = this.options.weightOf?.(w.item) ?? 1;
      full ||= batch.length > 0 && weight + itemWeight > this.maxWeight;
      if (full || (key !== null && (keys.has(key) || group.busy.has(key)))) {
        later.push(w);
        continue;
      }
      if (key !== null) keys.add(key);
      weight += itemWeight;
      batch.push(w);
    }
    group.queue = later;
    return batch;
  }

  private async runBatch(key: string, batch: Waiting<Item, Answer>[]): Promise<void> {
    let answers: Answer[];
    try {
      answers = await this.options.run(
        batch.map((w) => w.item),
        key,
      );
    } catch (err) {
      if (this.options.retryAlone === true && batch.length > 1) {
        for (const w of batch) await this.runBatch(key, [w]);
      } else {
        for (const w of batch) w.reject(err);
      }
      return;
    }
    batch.forEach((w, i) => {
      if (i < answers.length) w.resolve(answers[i] as Answer);
      else w.reject(new Error(`a batch of ${String(batch.length)} got ${String(answers.length)} answers`));
    });
  }
}

/**
 * The server's way to sharp: jobs go to one image process (image-process.ts), forked on the first
 * job and let go after a few idle seconds, so libvips's memory never stays in the server (see
 * there why). Each job belongs to the process it was sent to: a process that ends (crashed, killed,
 * let go, or never started) refuses its own jobs, never another's, and the next job forks anew. A
 * job that takes longer than its deadline ends its process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ImageJob, ImageReply } from './image-jobs.js';

/** Bundled, this module is server/dist/main.js and the process its sibling; from source, a .ts file run through tsx. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const PROCESS_FILE = fileURLToPath(new URL(FROM_SOURCE ? './image-process.ts' : './image-process.js', import.meta.url));

export interface ImageHelperOptions {
  /** How long an idle image process is kept for the next job (a burst of ticket emails, say). */
  idleMs?: number;
  /** A job still running after this long ends its process (an image libvips never finishes). */
  jobTimeoutMs?: number;
  /** Tests: the program to run instead of node (a spawn that fails). */
  execPath?: string;
}

/** The image process could not read or convert the image: the image's fault, not the server's. */
export class ImageUnreadable extends Error {}

interface Pending {
  resolve: (outputs: Buffer[]) => void;
  reject: (error: Error) => void;
}

/** One forked process and the jobs sent to it. */
class Worker {
  readonly pending = new Map<number, Pending>();
  ended = false;

  constructor(readonly child: ChildProcess) {}
}

export class ImageHelper {
  private current: Worker | undefined;
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;
  private readonly idleMs: number;
  private readonly jobTimeoutMs: number;

  constructor(private readonly options: ImageHelperOptions = {}) {
    this.idleMs = options.idleMs ?? 10_000;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 60_000;
  }

  run(job: ImageJob): Promise<Buffer[]> {
    clearTimeout(this.idle);
    const worker = this.worker();
    const id = this.nextId++;
    worker.child.ref();
    worker.child.channel?.ref();
    return new Promise<Buffer[]>((resolve, reject) => {
      const deadline = setTimeout(() => {
        worker.child.kill('SIGKILL');
        this.settle(worker, { id, error: `the image job took longer than ${this.jobTimeoutMs} ms`, unreadable: true });
      }, this.jobTimeoutMs);
      worker.pending.set(id, {
        resolve: (outputs) => {
          clearTimeout(deadline);
          resolve(outputs);
        },
        reject: (error) => {
          clearTimeout(deadline);
          reject(error);
        },
      });
      try {
        worker.child.send({ id, job }, (err) => {
          if (err !== null) this.end(worker, `the image process took no job: ${err.message}`);
        });
      } catch (err) {
        this.end(worker, `the image process took no job: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }

  /** The running process's pid (tests end it mid-job). */
  pid(): number | undefined {
    return this.current?.child.pid;
  }

  private worker(): Worker {
    const running = this.current;
    if (running !== undefined && !running.ended && running.child.connected) return running;
    if (running !== undefined) this.end(running, 'the image process ended');
    const child = fork(PROCESS_FILE, [], {
      serialization: 'advanced',
      execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(this.options.execPath === undefined ? {} : { execPath: this.options.execPath }),
    });
    const worker = new Worker(child);
    child.on('message', (reply: ImageReply) => this.settle(worker, reply));
    // A spawn that fails emits 'error' and 'close' but no 'exit'; a crash, 'exit' and 'close'.
    child.on('error', (err) => this.end(worker, `the image process failed: ${err.message}`));
    child.on('exit', (code, signal) => this.end(worker, `the image process ended (${signal ?? code})`));
    child.on('close', () => this.end(worker, 'the image process ended'));
    this.current = worker;
    return worker;
  }

  /** The process is gone or unusable: its own jobs are refused (the image was not at fault). */
  private end(worker: Worker, why: string): void {
    worker.ended = true;
    if (this.current === worker) this.current = undefined;
    for (const [id] of worker.pending) this.settle(worker, { id, error: why, unreadable: false });
    if (worker.child.connected) worker.child.disconnect();
  }

  private settle(worker: Worker, reply: ImageReply): void {
    const waiting = worker.pending.get(reply.id);
    if (waiting === undefined) return;
    worker.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(reply.unreadable ? new ImageUnreadable(reply.error) : new Error(reply.error));
    else waiting.resolve(reply.outputs.map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength)));
    if (worker.pending.size > 0 || worker !== this.current || worker.ended) return;
    // Idle: the server may exit meanwhile (a CLI command), and the process goes after idleMs.
    worker.child.unref();
    worker.child.channel?.unref();
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.current === worker && worker.pending.size === 0) this.end(worker, 'the image process was let go');
    }, this.idleMs).unref();
  }
}

const helper = new ImageHelper();

/** The image process's pid while it runs (for tests that end it mid-job). */
export function imageProcessPid(): number | undefined {
  return helper.pid();
}

/** Runs one job in the image process; rejects with ImageUnreadable when the image is at fault. */
export function runImageJob(job: ImageJob): Promise<Buffer[]> {
  return helper.run(job);
}

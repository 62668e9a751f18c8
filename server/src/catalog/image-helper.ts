/**
 * The server's way to sharp: jobs go to one image process (image-process.ts), forked on the first
 * job and let go after a few idle seconds, so libvips's memory never stays in the server (see
 * there why). A job whose process dies is refused, never left waiting; the next job forks anew.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ImageJob, ImageReply } from './image-jobs.js';

/** How long an idle image process is kept for the next job (a burst of ticket emails, say). */
const IDLE_MS = 10_000;

/** Bundled, this module is server/dist/main.js and the process its sibling; from source, a .ts file run through tsx. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const PROCESS_FILE = fileURLToPath(new URL(FROM_SOURCE ? './image-process.ts' : './image-process.js', import.meta.url));

interface Pending {
  resolve: (outputs: Buffer[]) => void;
  reject: (error: Error) => void;
}

/** The image process could not read or convert the image: the image's fault, not the server's. */
export class ImageUnreadable extends Error {}

class ImageHelper {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  run(job: ImageJob): Promise<Buffer[]> {
    const child = this.process();
    const id = this.nextId++;
    clearTimeout(this.idle);
    child.ref();
    child.channel?.ref();
    return new Promise<Buffer[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ id, job }, (err) => {
        if (err !== null) this.settle({ id, error: `the image process took no job: ${err.message}`, unreadable: false });
      });
    });
  }

  /** Lets the process go (idle); it exits when its channel closes, as it does when the server ends. */
  private stop(): void {
    const child = this.child;
    this.child = undefined;
    clearTimeout(this.idle);
    if (child?.connected === true) child.disconnect();
  }

  pid(): number | undefined {
    return this.child?.pid;
  }

  private process(): ChildProcess {
    if (this.child !== undefined) return this.child;
    const child = fork(PROCESS_FILE, [], {
      serialization: 'advanced',
      execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (reply: ImageReply) => this.settle(reply));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      for (const [id] of this.pending)
        this.settle({ id, error: `the image process ended (${signal ?? code})`, unreadable: false });
    });
    child.on('error', () => undefined); // 'exit' follows and refuses what was pending
    this.child = child;
    return child;
  }

  private settle(reply: ImageReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(reply.unreadable ? new ImageUnreadable(reply.error) : new Error(reply.error));
    else waiting.resolve(reply.outputs.map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength)));
    if (this.pending.size > 0 || this.child === undefined) return;
    // Idle: the server may exit meanwhile (a CLI command), and the process goes after IDLE_MS.
    this.child.unref();
    this.child.channel?.unref();
    this.idle = setTimeout(() => this.stop(), IDLE_MS).unref();
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

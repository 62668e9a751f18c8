/**
 * The image process (catalog/image-helper.ts): sharp's work runs in a process of its own, so that
 * libvips's memory leaves with it. A job gets its own answer; an image sharp cannot read is the
 * image's fault (ImageUnreadable); a process that dies mid-job fails that job as the server's
 * fault, and the next job forks a new one.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageHelper, ImageUnreadable, imageProcessPid, runImageJob } from '../../src/catalog/image-helper.js';

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
}

describe('the image process', () => {
  it('answers each of many concurrent jobs with its own result, in another process', async () => {
    const inputs = await Promise.all([300, 500, 700, 900].map((w) => png(w, w)));
    const answers = await Promise.all(
      inputs.map((bytes) => runImageJob({ op: 'poster', bytes, kind: 'png', widths: [100, 200] })),
    );
    for (const outputs of answers) {
      expect(outputs).toHaveLength(2);
      const sizes = await Promise.all(outputs.map((o) => sharp(o).metadata()));
      expect(sizes.map((m) => [m.format, m.width])).toEqual([
        ['webp', 100],
        ['webp', 200],
      ]);
    }
    const pid = imageProcessPid();
    expect(pid).toBeTypeOf('number');
    expect(pid).not.toBe(process.pid);
    const [jpeg] = await runImageJob({ op: 'jpeg', bytes: inputs[0] ?? Buffer.alloc(0) });
    expect((await sharp(jpeg).metadata()).format).toBe('jpeg');
  });

  it('calls an image sharp cannot read, or of another type than its bytes say, unreadable', async () => {
    const bytes = await png(50, 50);
    await expect(runImageJob({ op: 'poster', bytes: bytes.subarray(0, 60), kind: 'png', widths: [10] })).rejects.toBeInstanceOf(
      ImageUnreadable,
    );
    await expect(runImageJob({ op: 'poster', bytes, kind: 'jpeg', widths: [10] })).rejects.toBeInstanceOf(ImageUnreadable);
  });

  it('fails the jobs of a process that dies as its own failure, not the image’s, and forks anew for the next', async () => {
    const big = await png(4000, 4000);
    await runImageJob({ op: 'jpeg', bytes: await png(10, 10) });
    const pid = imageProcessPid();
    if (pid === undefined) throw new Error('no image process');
    const job = runImageJob({ op: 'poster', bytes: big, kind: 'png', widths: [3000, 2000, 1000] });
    process.kill(pid, 'SIGKILL');
    const failure = await job.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ImageUnreadable);
    expect(String(failure)).toMatch(/image process ended/);

    const [again] = await runImageJob({ op: 'jpeg', bytes: await png(10, 10) });
    expect((await sharp(again).metadata()).format).toBe('jpeg');
    expect(imageProcessPid()).not.toBe(pid);
  });

  it('keeps the jobs of a new process apart from the end of the one let go before it', async () => {
    const helper = new ImageHelper({ idleMs: 1 });
    const tiny = await png(10, 10);
    for (let round = 0; round < 20; round++) {
      await helper.run({ op: 'jpeg', bytes: tiny });
      const letGo = helper.pid();
      // Just after the idle process is let go (and before it has exited), the next job forks anew.
      while (helper.pid() === letGo) await new Promise((r) => setImmediate(r));
      const [jpeg] = await helper.run({ op: 'jpeg', bytes: tiny });
      expect((await sharp(jpeg).metadata()).format).toBe('jpeg');
    }
  });

  it('refuses the job of a process that could not be started, and starts one for the next job', async () => {
    const broken = new ImageHelper({ execPath: '/nonexistent/node' });
    const failure = await broken.run({ op: 'jpeg', bytes: await png(10, 10) }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ImageUnreadable);
    expect(broken.pid()).toBeUndefined();
    const again = await broken.run({ op: 'jpeg', bytes: await png(10, 10) }).then(
      () => 'done',
      (err: unknown) => String(err),
    );
    // Still no node there: refused again (a fresh try each time), never a hang or a stale "channel closed".
    expect(again).toMatch(/image process/);
  });

  it('ends a job that runs past its deadline, and the next job is served', async () => {
    const helper = new ImageHelper({ jobTimeoutMs: 1 });
    const failure = await helper.run({ op: 'poster', bytes: await png(3000, 3000), kind: 'png', widths: [2000] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ImageUnreadable);
    expect(String(failure)).toMatch(/longer than 1 ms/);
    const patient = new ImageHelper();
    const [jpeg] = await patient.run({ op: 'jpeg', bytes: await png(10, 10) });
    expect((await sharp(jpeg).metadata()).format).toBe('jpeg');
  });
});

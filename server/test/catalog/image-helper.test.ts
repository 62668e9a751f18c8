/**
 * The image process (catalog/image-helper.ts): sharp's work runs in a process of its own, so that
 * libvips's memory leaves with it. A job gets its own answer; an image sharp cannot read is the
 * image's fault (ImageUnreadable); a process that dies mid-job fails that job as the server's
 * fault, and the next job forks a new one.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageUnreadable, imageProcessPid, runImageJob } from '../../src/catalog/image-helper.js';

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
});

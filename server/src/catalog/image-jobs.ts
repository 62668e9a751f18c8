/** What the server asks of its image process (image-process.ts) and what it answers. */
export type ImageJob =
  /** Checked to be of `kind` by its content, then re-encoded to WebP at each width (metadata dropped). */
  | { op: 'poster'; bytes: Buffer; kind: 'jpeg' | 'png' | 'webp'; widths: number[] }
  /** An SVG drawn as a PNG (the demo posters). */
  | { op: 'svg-png'; bytes: Buffer }
  /** Any image as a JPEG, for pdfkit (the ticket PDF's poster). */
  | { op: 'jpeg'; bytes: Buffer };

/** `unreadable`: sharp refused the image (its fault); otherwise the process failed (ours). */
export type ImageReply = { id: number; outputs: Buffer[] } | { id: number; error: string; unreadable: boolean };

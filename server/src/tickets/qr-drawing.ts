/**
 * Draws a QR code into a PDF as vector rectangles (sharp at any zoom, tiny in the file): each run
 * of dark modules in a row becomes one rectangle, and the whole code is filled as one path.
 */
import QRCode from 'qrcode';

/** The drawing calls used, so a test can count them without a real document. */
export interface PdfCanvas {
  rect(x: number, y: number, w: number, h: number): this;
  fill(color?: string): this;
}

/** Our payloads are base32 with an uppercase prefix: QR alphanumeric mode, the densest that fits. */
function modulesOf(text: string) {
  const alphanumeric = /^[0-9A-Z $%*+\-./:]*$/.test(text);
  return QRCode.create(alphanumeric ? [{ data: text, mode: 'alphanumeric' }] : text, { errorCorrectionLevel: 'M' }).modules;
}

/** Draws `text` as a QR code whose outer edge (quiet zone included) is `size` points wide. */
export function drawQr(doc: PdfCanvas, text: string, x: number, y: number, size: number): void {
  const modules = modulesOf(text);
  const quiet = 4;
  const cell = size / (modules.size + 2 * quiet);
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (modules.data[row * modules.size + col] === 0) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.data[row * modules.size + col] === 1) col++;
      // A hair of overlap so no renderer shows seams between neighbouring rows.
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell + 0.01);
    }
  }
  doc.fill('#000000');
}

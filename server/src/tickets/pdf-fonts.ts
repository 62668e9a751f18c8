/**
 * Fonts for ticket PDFs. Names from users (Ștefan, Łukasz, Zoë) need a Unicode font: DejaVu Sans
 * when the system has it (Debian's fonts-dejavu-core; the container image installs it), read once
 * and embedded as a subset. Without it the PDF falls back to Helvetica, whose WinAnsi encoding
 * cannot show such letters, so they lose their accents rather than print as garbage.
 */
import { readFileSync } from 'node:fs';

const CANDIDATES = {
  regular: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'],
  bold: ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
};

function firstReadable(files: string[]): Buffer | undefined {
  for (const file of files) {
    try {
      return readFileSync(file);
    } catch {
      // try the next place
    }
  }
  return undefined;
}

let loaded: { regular: Buffer; bold: Buffer } | null | undefined;

function unicodeFonts(): { regular: Buffer; bold: Buffer } | null {
  if (loaded === undefined) {
    const regular = firstReadable(CANDIDATES.regular);
    const bold = firstReadable(CANDIDATES.bold);
    loaded = regular && bold ? { regular, bold } : null;
  }
  return loaded;
}

export interface PdfFonts {
  regular: string;
  bold: string;
  mono: string;
  /** Makes user text printable in the chosen fonts (identity with a Unicode font). */
  printable: (text: string) => string;
}

const WIN_ANSI_SAFE = /[^\x20-\x7e\xa0-\xff]/g;

export function useFonts(doc: PDFKit.PDFDocument): PdfFonts {
  const fonts = unicodeFonts();
  if (fonts !== null) {
    doc.registerFont('body', fonts.regular);
    doc.registerFont('body-bold', fonts.bold);
    return { regular: 'body', bold: 'body-bold', mono: 'Courier', printable: (text) => text };
  }
  return {
    regular: 'Helvetica',
    bold: 'Helvetica-Bold',
    mono: 'Courier',
    printable: (text) =>
      text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(WIN_ANSI_SAFE, '?'),
  };
}

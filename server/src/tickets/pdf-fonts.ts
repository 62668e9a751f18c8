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

const NOT_LATIN1 = /[^\x20-\x7e\xa0-\xff]/;

/**
 * `texts`: every piece of user text the document will print, when known in advance (a ticket
 * PDF). If all of it is Latin-1, the built-in Helvetica shows it exactly and the PDF skips
 * embedding a font, which is most of the time a small PDF takes.
 */
export function useFonts(doc: PDFKit.PDFDocument, texts?: readonly string[]): PdfFonts {
  const builtIn = { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier' };
  if (texts?.every((text) => !NOT_LATIN1.test(text)) === true) return { ...builtIn, printable: (text) => text };
  const fonts = unicodeFonts();
  if (fonts !== null) {
    doc.registerFont('body', fonts.regular);
    doc.registerFont('body-bold', fonts.bold);
    return { regular: 'body', bold: 'body-bold', mono: 'Courier', printable: (text) => text };
  }
  return {
    ...builtIn,
    printable: (text) =>
      text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(new RegExp(NOT_LATIN1.source, 'g'), '?'),
  };
}

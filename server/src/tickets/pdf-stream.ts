/**
 * pdfkit writes into its stream as pages are finished, whether or not anyone reads. Long
 * documents wait here between pages while the reader is behind, so the memory they hold stays
 * bounded by this limit instead of growing with the document.
 */
const MAX_BUFFERED_BYTES = 2 * 1024 * 1024;

export async function waitForReader(doc: PDFKit.PDFDocument): Promise<void> {
  while (doc.readableLength > MAX_BUFFERED_BYTES && !doc.destroyed) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A QR code reader for camera frames: the browser's own BarcodeDetector where it has one that
 * reads QR codes (Chrome on Android, Safari), else the `barcode-detector` polyfill (ZXing in
 * WebAssembly). Its .wasm file is bundled and served from our own origin, never from a CDN, so
 * the page works under our Content Security Policy and offline at the door.
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export interface QrDetector {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}

interface NativeDetectorClass {
  new (options: { formats: string[] }): QrDetector;
  getSupportedFormats(): Promise<string[]>;
}

export async function createQrDetector(): Promise<QrDetector> {
  const native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (native !== undefined) {
    const formats = await native.getSupportedFormats().catch((): string[] => []);
    if (formats.includes('qr_code')) return new native({ formats: ['qr_code'] });
  }
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
  prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: false,
  });
  return new BarcodeDetector({ formats: ['qr_code'] });
}

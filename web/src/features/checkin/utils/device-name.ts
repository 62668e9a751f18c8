/** A name for this scanner, kept in the browser, so the scan log can tell the doors apart. */
const KEY = 'iat-scanner-device';

export function scannerDeviceName(): string {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved !== null) return saved;
    const name = `scanner-${Math.random().toString(36).slice(2, 8)}`;
    localStorage.setItem(KEY, name);
    return name;
  } catch {
    return 'scanner';
  }
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret from the configuration, or one generated on first start and kept in DATA_DIR (mode 0600)
 * so that it survives restarts. Several instances must share DATA_DIR or set the variable.
 */
export function persistentSecret(dataDir: string, fileName: string, configured: string | undefined): string {
  if (configured !== undefined) return configured;
  const file = path.join(dataDir, fileName);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return readFileSync(file, 'utf8').trim(); // another instance wrote it first
    }
  }
}

/**
 * Organizer settings a browser test needs before the organizer pages exist in its scenario: written
 * straight into the test server's SQLite file (the server reads them on every embed request).
 */
import path from 'node:path';
import Database from 'better-sqlite3';

/** Sets the default organizer's embed origins on the server whose DATA_DIR is `dataDir`. */
export function setEmbedOrigins(dataDir: string, origins: readonly string[]): void {
  const db = new Database(path.join(dataDir, 'test.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const changed = db
      .prepare('update organizers set embed_origins_json = ? where is_default = 1')
      .run(JSON.stringify(origins)).changes;
    if (changed !== 1) throw new Error(`expected one default organizer, updated ${changed}`);
  } finally {
    db.close();
  }
}

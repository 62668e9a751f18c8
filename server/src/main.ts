/**
 * The server's command line: `serve` (migrate, then listen), `migrate` and `seed-demo`.
 * A bad configuration stops here with one line that names the variable, and exit code 1.
 */
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { createSessionStore } from './accounts/accounts-context.js';
import { ensureAdmin } from './accounts/bootstrap-admin.js';
import { nameDefaultOrganizer } from './organizers/default-organizer.js';
import { buildApp } from './app.js';
import { seedDemoCatalog } from './catalog/demo-catalog.js';
import { createObjectStore } from './platform/storage/create-store.js';
import { checkIntegrity } from './reservations/integrity.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { loggerOptions } from './platform/logger.js';

const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const SHUTDOWN_GRACE_MS = 9000;

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`iatichet: invalid configuration: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function serve(config: Config): Promise<void> {
  const logger = pino(loggerOptions(config));
  // Migrate before the app (and its background jobs) start using the schema.
  const migrationHandle = openDatabase(config.database, { prepare: config.databasePreparedStatements });
  try {
    const applied = await migrateToLatest(migrationHandle.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
  } finally {
    await migrationHandle.close();
  }
  const app = await buildApp({ config, logger, webRoot: WEB_ROOT });
  await nameDefaultOrganizer(app.services.database.db, config.organizerName);
  if (
    config.nodeEnv !== 'production' &&
    (await seedDemoCatalog(app.services.database.db, { onlyIfEmpty: true, uploads: app.services.uploads }))
  ) {
    logger.info('the database was empty: loaded the demo catalogue (npm run seed:demo loads it again)');
  }
  if (config.admin) {
    const outcome = await ensureAdmin(app.services.database.db, config.admin, createSessionStore(app.services));
    logger.info(`admin account ${config.admin.email}: ${outcome}; sign in with ADMIN_EMAIL and ADMIN_PASSWORD`);
  } else if (config.nodeEnv !== 'production') {
    logger.info('no admin account configured: start with ADMIN_EMAIL=you@example.com ADMIN_PASSWORD=... npm start to create one');
  }

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close database and Redis.
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger }, async ({ err }) => {
    if (err) logger.error({ err }, 'shutting down after an uncaught error');
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
  logger.info(
    `iaTichet is listening on ${config.publicUrl} (database: ${config.database.kind}, redis: ${config.redisUrl ? 'on' : 'off'})`,
  );
}

async function migrate(config: Config): Promise<void> {
  const database = openDatabase(config.database, { prepare: config.databasePreparedStatements });
  try {
    const applied = await migrateToLatest(database.db);
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n');
  } finally {
    await database.close();
  }
}

async function seedDemo(config: Config): Promise<void> {
  const database = openDatabase(config.database, { prepare: config.databasePreparedStatements });
  try {
    await migrateToLatest(database.db);
    const uploads = createObjectStore(config);
    try {
      await seedDemoCatalog(database.db, { onlyIfEmpty: false, uploads });
    } finally {
      uploads.close();
    }
    process.stdout.write('loaded the demo catalogue: 3 venues, 12 events\n');
  } finally {
    await database.close();
  }
}

async function checkIntegrityCommand(config: Config): Promise<void> {
  const database = openDatabase(config.database, { prepare: config.databasePreparedStatements });
  try {
    const problems = await checkIntegrity(database.db);
    for (const p of problems) process.stdout.write(`${p.kind}: ${p.detail}\n`);
    process.stdout.write(
      problems.length === 0
        ? 'integrity ok: every counter and seat matches its reservations\n'
        : `${problems.length} integrity problems\n`,
    );
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

const commands: Record<string, (config: Config) => Promise<void>> = {
  serve,
  migrate,
  'seed-demo': seedDemo,
  'check-integrity': checkIntegrityCommand,
};

const name = process.argv[2] ?? 'serve';
const command = commands[name];
if (command === undefined) {
  process.stderr.write(`iatichet: unknown command "${name}"; use one of ${Object.keys(commands).join(', ')}\n`);
  process.exit(2);
}
command(configOrExit()).catch((err: unknown) => {
  process.stderr.write(`iatichet: ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

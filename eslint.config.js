// Type-aware linting for every workspace. Features of the web app never import each other; the
// server's folders keep their layers and form no import cycle.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

/**
 * The server's layers, bottom first: a folder may import its own layer and those below, never one
 * above. app.ts, api.ts and main.ts compose everything and no folder imports them. A new folder
 * under server/src gets a place here, or the rule cannot see it.
 * - config, db, cache, platform: the ground every part stands on.
 * - security (who is calling), audit (the record of who did what) and email (the outgoing mail
 *   queue) are services every part uses, accounts included: accounts mails verification links and
 *   audits the first admin. What a message attaches (a tickets PDF) is handed to email by app.ts.
 * - accounts: users and sessions.
 * - organizers: who sells, their teams and API tokens; what every organizer-scoped route asks.
 * - payments (providers), tickets (rows, signer, PDFs), notifications (what a user is told, in
 *   the app and by mail), webhooks (what an organizer's systems are told) and questions (what an
 *   event asks its buyers; holds and exports carry the answers) are the domains the others build on.
 * - the domains that hold, sell, admit and administer, side by side: no-cycle keeps them apart.
 *   embed (the page other sites may frame, and widget.js) reads the catalog from the same layer;
 *   invoices (billing details, invoice series, PDFs) are issued inside reservations' transactions.
 *   waitlist offers released tickets as holds through reservations/ (which never imports it).
 *   queue (waiting rooms) gates holds through a check api.ts hands to reservations/.
 */
const serverLayers = [
  ['config'],
  ['db', 'cache'],
  ['platform'],
  ['security', 'audit', 'email'],
  ['accounts'],
  ['organizers'],
  ['payments', 'tickets', 'notifications', 'webhooks', 'questions'],
  ['catalog', 'reservations', 'invoices', 'checkin', 'admin', 'realtime', 'embed', 'waitlist', 'queue'],
];
const composition = ['app.ts', 'api.ts', 'main.ts'];
const serverZones = [
  ...serverLayers.flatMap((layer, level) =>
    layer.flatMap((folder) =>
      serverLayers.slice(level + 1).flatMap((above) =>
        above.map((upper) => ({
          target: `./server/src/${folder}`,
          from: `./server/src/${upper}`,
          message: `${folder}/ sits below ${upper}/ (layers in eslint.config.js): move the shared part down, or pass it in from app.ts/api.ts.`,
        })),
      ),
    ),
  ),
  ...composition.map((file) => ({
    target: serverLayers.flat().map((folder) => `./server/src/${folder}`),
    from: `./server/src/${file}`,
    message: `${file} composes the app; no folder imports it.`,
  })),
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/results/**', 'data/**', '.tmp/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // expect.any() and friends are typed `any` by design.
    files: ['**/test/**', '**/e2e/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['server/src/**/*.ts'],
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': { [fileURLToPath(new URL('./scripts/eslint-import-resolver.cjs', import.meta.url))]: {} },
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/extensions': ['.ts', '.js'],
    },
    rules: {
      'import/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: serverZones }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['web/src/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*/**', '@/features/*/**'],
              message: 'Features must not import each other; move shared code to src/components or src/lib.',
            },
          ],
        },
      ],
    },
  },
);

/**
 * The build's guard on the catalogues (runs in `npm test`): every namespace exists in every
 * language with the same keys, plural forms complete for each language's rules, the same
 * {{placeholders}} on both sides, Romanian written with comma-below ș/ț, every key used by the code
 * defined, and no key left that the code no longer uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const LOCALES_DIR = path.join(import.meta.dirname, 'locales');
const SRC_DIR = path.join(import.meta.dirname, '..');
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(name, value);
    else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

const languages = readdirSync(LOCALES_DIR).sort();
const catalogues = new Map<string, Map<string, Map<string, string>>>(); // language -> namespace -> key -> text
for (const language of languages) {
  const byNamespace = new Map<string, Map<string, string>>();
  for (const file of readdirSync(path.join(LOCALES_DIR, language)).filter((f) => f.endsWith('.json'))) {
    const tree = JSON.parse(readFileSync(path.join(LOCALES_DIR, language, file), 'utf8')) as Tree;
    byNamespace.set(file.replace(/\.json$/, ''), flatten(tree));
  }
  catalogues.set(language, byNamespace);
}
const namespaces = [...new Set([...catalogues.values()].flatMap((byNs) => [...byNs.keys()]))].sort();

/** Keys without their plural suffix: `tickets_one` and `tickets_few` are both `tickets`. */
const baseKeys = (keys: Iterable<string>) => new Set([...keys].map((key) => key.replace(PLURAL_SUFFIX, '')));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1] ?? '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}
const sources = sourceFiles(SRC_DIR).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

describe('message catalogues', () => {
  it('exist in English and Romanian', () => {
    expect(languages).toEqual(['en', 'ro']);
    expect(namespaces).toContain('common');
  });

  it.each(namespaces)('%s: has the same keys in every language', (namespace) => {
    const keysOf = (language: string) => [...baseKeys(catalogues.get(language)?.get(namespace)?.keys() ?? [])];
    const [en, ro] = [keysOf('en'), keysOf('ro')];
    expect({
      missingInRomanian: en.filter((key) => !ro.includes(key)),
      missingInEnglish: ro.filter((key) => !en.includes(key)),
    }).toEqual({
      missingInRomanian: [],
      missingInEnglish: [],
    });
  });

  it.each(namespaces)('%s: has every plural form each language needs, with the same placeholders', (namespace) => {
    const problems: string[] = [];
    for (const language of languages) {
      const keys = catalogues.get(language)?.get(namespace) ?? new Map<string, string>();
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const plurals = new Set(
        [...keys.keys()].filter((key) => PLURAL_SUFFIX.test(key)).map((key) => key.replace(PLURAL_SUFFIX, '')),
      );
      for (const base of plurals) {
        for (const category of categories) {
          if (!keys.has(`${base}_${category}`)) problems.push(`${language}: ${base}_${category} is missing`);
        }
      }
    }
    const [en, ro] = [catalogues.get('en')?.get(namespace), catalogues.get('ro')?.get(namespace)];
    for (const [key, text] of en ?? []) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const other = ro?.get(key) ?? ro?.get(`${base}_other`);
      if (other === undefined) continue;
      const a = new Set(placeholders(text));
      const b = new Set(placeholders(other));
      a.delete('count');
      b.delete('count');
      if ([...a].sort().join() !== [...b].sort().join())
        problems.push(`${key}: en {{${[...a].join()}}} vs ro {{${[...b].join()}}}`);
    }
    expect(problems).toEqual([]);
  });

  it('writes Romanian with comma-below ș and ț, not the cedilla look-alikes ş and ţ', () => {
    const wrong = [...(catalogues.get('ro') ?? new Map<string, Map<string, string>>())].flatMap(([namespace, keys]) =>
      [...keys].filter(([, text]) => /[şţŞŢ]/.test(text)).map(([key]) => `${namespace}:${key}`),
    );
    expect(wrong).toEqual([]);
  });

  it('defines every key the code asks for', () => {
    const all = catalogues.get('en') ?? new Map<string, Map<string, string>>();
    const defined = (namespace: string | undefined, key: string) => {
      const scopes = namespace === undefined ? [...all.values()] : [all.get(namespace)];
      return scopes.some(
        (keys) => keys !== undefined && (keys.has(key) || [...keys.keys()].some((k) => k.replace(PLURAL_SUFFIX, '') === key)),
      );
    };
    const missing: string[] = [];
    // t('key'), t("ns:key"), i18nKey="key": literal keys only; a key built at run time is written
    // as a template literal and checked by the "unused" test below instead.
    const call = /(?:\bt|i18next\.t)\(\s*['"]([\w.:-]+)['"]|i18nKey=["']([\w.:-]+)["']/g;
    for (const { file, text } of sources) {
      for (const match of text.matchAll(call)) {
        const full = match[1] ?? match[2] ?? '';
        const colon = full.indexOf(':');
        const namespace = colon < 0 ? undefined : full.slice(0, colon);
        if (!defined(namespace, full.slice(colon + 1))) missing.push(`${path.relative(SRC_DIR, file)}: ${full}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no key that the code never uses', () => {
    const code = sources.map((source) => source.text).join('\n');
    // A key is used when it is written out in the code, or when the code builds it from a written
    // prefix: t(`status.${status}`) uses every key under "status.".
    const prefixes = [...code.matchAll(/`([\w.:-]+\.)\$\{/g)].map((m) => (m[1] ?? '').replace(/^[\w-]+:/, ''));
    const unused: string[] = [];
    for (const [namespace, keys] of catalogues.get('en') ?? []) {
      for (const key of keys.keys()) {
        const base = key.replace(PLURAL_SUFFIX, '');
        const written =
          code.includes(`'${base}'`) || code.includes(`"${base}"`) || code.includes(`:${base}'`) || code.includes(`:${base}"`);
        if (!written && !prefixes.some((prefix) => base.startsWith(prefix))) unused.push(`${namespace}:${key}`);
      }
    }
    expect(unused).toEqual([]);
  });
});

/**
 * Import resolution for eslint-plugin-import's layer and cycle rules. The server is TypeScript
 * imported as ESM, so a relative './x.js' names the source file './x.ts'; everything else (packages,
 * node: builtins) is resolved as Node would. Plain JavaScript, no native code, no download.
 */
const fs = require('node:fs');
const path = require('node:path');
const node = require('eslint-import-resolver-node');

const isFile = (file) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

exports.interfaceVersion = 2;

exports.resolve = (source, file, config) => {
  if (!source.startsWith('.')) return node.resolve(source, file, config);
  const base = path.resolve(path.dirname(file), source);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base,
    `${base}.ts`,
    path.join(base, 'index.ts'),
  ];
  const found = candidates.find(isFile);
  return found === undefined ? { found: false } : { found: true, path: found };
};

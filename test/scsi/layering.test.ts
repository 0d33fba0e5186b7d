/**
 * The layering of the beam-domain model (issue 10 §8): lib/scsi (the sCSI model of
 * Section III-C) is the layer both the precoders and the rates stand on, so
 *
 * - lib/metrics imports lib/scsi and never lib/precoding (the rates do not depend on how a
 *   precoder was made);
 * - lib/scsi imports neither lib/precoding nor lib/metrics;
 * - lib/precoding does not import lib/metrics.
 *
 * Every relative import (`import … from`, `export … from`, `import('…')`) of every .ts file
 * of the three folders is resolved against its file; comments are ignored.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = join(process.cwd(), 'lib');

/** Import specifiers of a TypeScript source, comments removed. */
function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (let m = re.exec(code); m !== null; m = re.exec(code)) out.push(m[1]);
  return out;
}

/** The lib/ folders a lib folder's files import (relative imports resolved; 'lib' itself for lib/*.ts). */
function importedFolders(folder: string): Map<string, string[]> {
  const dir = join(LIB, folder);
  const found = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const file = join(dir, f);
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = relative(LIB, resolve(dirname(file), spec)).split(/[\\/]/)[0];
      const list = found.get(target) ?? [];
      list.push(`${folder}/${f} → ${spec}`);
      found.set(target, list);
    }
  }
  return found;
}

describe('layering of lib/scsi, lib/precoding, lib/metrics', () => {
  it('the scanner sees static, re-export, multi-line and dynamic imports, not comments', () => {
    const src = [
      "import { a } from '../x/index.js';",
      'import {',
      '  b,',
      "} from '../y/index.js';",
      "export * from './z.js';",
      "import './side.js';",
      "const m = await import('../w/index.js');",
      "/** see import { c } from '../precoding/index.js' */",
      "// import { d } from '../metrics/index.js';",
    ].join('\n');
    expect(importSpecifiers(src)).toEqual(['../x/index.js', '../y/index.js', './z.js', './side.js', '../w/index.js']);
  });

  it('lib/metrics imports lib/scsi and never lib/precoding', () => {
    const found = importedFolders('metrics');
    expect([...found.keys()]).toContain('scsi');
    expect(found.get('precoding') ?? []).toEqual([]);
  });

  it('lib/scsi imports neither lib/precoding nor lib/metrics', () => {
    const found = importedFolders('scsi');
    expect(found.get('precoding') ?? []).toEqual([]);
    expect(found.get('metrics') ?? []).toEqual([]);
  });

  it('lib/precoding imports lib/scsi and never lib/metrics', () => {
    const found = importedFolders('precoding');
    expect([...found.keys()]).toContain('scsi');
    expect(found.get('metrics') ?? []).toEqual([]);
  });
});

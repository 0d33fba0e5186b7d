/**
 * `msms precode` and `msms rate` (lib/cli/commands/precode.ts, rate.ts): files written
 * and read back, rates consistent with the library, and one-line errors for bad input.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../lib/cli/args.js';
import { command as precode } from '../../lib/cli/commands/precode.js';
import { command as rate } from '../../lib/cli/commands/rate.js';
import { upperBoundRates } from '../../lib/metrics/index.js';
import { readPrecodersFile } from '../../lib/precoding/index.js';
import { readScenario, writeScenario } from '../../lib/scenario/io.js';
import { tinyScenario } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-precode-'));
const drop = join(dir, 'drop.json');
writeScenario(drop, tinyScenario(111));

async function quiet(f: () => Promise<void>): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await f();
    return String(log.mock.calls.map((c) => c[0]).join('\n'));
  } finally {
    log.mockRestore();
  }
}

describe('msms precode / msms rate', () => {
  it('writes precoders with rates and history; rate re-evaluates them identically', async () => {
    const out = join(dir, 'cdwm.json');
    const msg = await quiet(() =>
      precode.run([
        '--scheme',
        'cdwm',
        '--in',
        drop,
        '--out',
        out,
        '--iterations',
        '3',
        '--realizations',
        '8',
        '--seed',
        '4',
      ]),
    );
    expect(msg).toMatch(/^cdwm: upper bound [0-9.]+ b\/s\/Hz, ergodic [0-9.]+ ± [0-9.]+ b\/s\/Hz \(8 realisations\)/);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.format).toBe('msms-precoders');
    expect(doc.iterations).toBe(3);
    expect(doc.history.length).toBe(4);
    const scn = readScenario(drop);
    const p = readPrecodersFile(out, scn);
    expect(doc.rates.upperBound.sum).toBeCloseTo(upperBoundRates(scn, p).sum, 12);
    const rout = join(dir, 'rates.json');
    await quiet(() =>
      rate.run(['--in', drop, '--precoders', out, '--realizations', '8', '--seed', '4', '--out', rout]),
    );
    const r = JSON.parse(readFileSync(rout, 'utf8'));
    expect(r.rates.upperBound.perUt).toEqual(doc.rates.upperBound.perUt);
    expect(r.rates.ergodic.sum).toBe(doc.rates.ergodic.sum);
  });

  it('every scheme runs; --realizations 0 skips the ergodic rate', async () => {
    for (const scheme of ['cdm', 'lib', 'dft']) {
      const out = join(dir, `${scheme}.json`);
      await quiet(() => precode.run(['--scheme', scheme, '--in', drop, '--out', out, '--realizations', '0']));
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      expect(doc.scheme).toBe(scheme);
      expect(doc.rates.ergodic).toBeUndefined();
    }
  });

  it('bad input gives one clear error', async () => {
    await expect(precode.run(['--in', drop, '--out', 'x'])).rejects.toThrow(
      new UsageError('--scheme cdwm|cdm|lib|dft is required'),
    );
    await expect(precode.run(['--scheme', 'zf', '--in', drop, '--out', 'x'])).rejects.toThrow(
      "--scheme must be one of cdwm|cdm|lib|dft, got 'zf'",
    );
    await expect(precode.run(['--scheme', 'cdm', '--out', 'x'])).rejects.toThrow('--in FILE is required');
    await expect(precode.run(['--scheme', 'cdm', '--in', join(dir, 'missing.json'), '--out', 'x'])).rejects.toThrow(
      new UsageError(`--in ${join(dir, 'missing.json')}: no such file`),
    );
    const other = join(dir, 'other.json');
    writeScenario(other, tinyScenario(112, { K: 5 }));
    await expect(rate.run(['--in', other, '--precoders', join(dir, 'cdm.json')])).rejects.toThrow(
      `${join(dir, 'cdm.json')}: precoders are for S=3, K=4 but the scenario has S=3, K=5`,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    await expect(rate.run(['--in', drop, '--precoders', broken])).rejects.toThrow(`${broken}: not valid JSON`);
  });
});

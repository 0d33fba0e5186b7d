/** `msms scenario` writes a valid scenario file; bad options give one-line usage errors. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../lib/cli/args.js';
import { buildScenario, command, scenarioOptionSpec } from '../../lib/cli/commands/scenario.js';
import { parseOptions } from '../../lib/cli/args.js';
import { Rng } from '../../lib/random/index.js';
import { readScenario } from '../../lib/scenario/index.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-cli-'));

describe('msms scenario', () => {
  it('writes a scenario that reads back with the requested knobs', async () => {
    const out = join(dir, 'drop.json');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await command.run([
      '--seed',
      '3',
      '--K',
      '8',
      '--S',
      '4',
      '--Sk',
      '2',
      '--nRV',
      '1',
      '--nRH',
      '3',
      '--streams',
      '2',
      '--PdBm',
      '40',
      '--lsp',
      'tr38811',
      '--sigma',
      'isotropic',
      '--out',
      out,
    ]);
    expect(log.mock.calls[0][0]).toContain(`wrote ${out}: S=4 K=8 N_T=256 N_R=3`);
    log.mockRestore();
    const scn = readScenario(out);
    expect(scn.S).toBe(4);
    expect(scn.K).toBe(8);
    expect(scn.utArray).toEqual({ nV: 1, nH: 3 });
    expect(scn.powerW[0]).toBeCloseTo(10, 12);
    expect(scn.association.map((r) => r.reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0)).toBe(16);
    expect(scn.meta?.lsp).toBe('tr38811');
    expect(scn.meta?.rngKey).toBe('3/drop/0');
  });

  it('buildScenario is the same draw as the command (seed, drop → Rng.forDrop)', () => {
    const o = parseOptions(['--K', '5', '--out', 'x'], scenarioOptionSpec);
    const a = buildScenario(o, Rng.forDrop(1, 0)).scenario;
    const b = buildScenario(o, Rng.forDrop(1, 0)).scenario;
    expect(a.links[1][2].gamma).toBe(b.links[1][2].gamma);
  });

  it('reports bad options as usage errors naming the option', async () => {
    await expect(command.run(['--seed', '1'])).rejects.toThrow('--out FILE is required');
    await expect(command.run(['--K', '0', '--out', 'x'])).rejects.toThrow('--K must be in [1, 10000], got 0');
    await expect(command.run(['--lsp', 'itu', '--out', 'x'])).rejects.toThrow(
      "--lsp must be one of quadriga|tr38811, got 'itu'",
    );
    await expect(command.run(['--streams', '3', '--nRV', '1', '--nRH', '1', '--out', 'x'])).rejects.toThrow(UsageError);
    await expect(command.run(['--streams', '3', '--nRV', '1', '--nRH', '1', '--out', 'x'])).rejects.toThrow(
      'streams must be an integer in [1, min(N_R, Sk)] = [1, 1] (Remark 1: M_k <= min(S_k, N_R)), got 3',
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { figureOutputPath } from '../../lib/plots/index.js';

describe('figureOutputPath (MSMS_FIGURES_DIR redirect of figures/<name>)', () => {
  const saved = process.env.MSMS_FIGURES_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.MSMS_FIGURES_DIR;
    else process.env.MSMS_FIGURES_DIR = saved;
  });

  it('leaves the path alone when the variable is unset or empty', () => {
    delete process.env.MSMS_FIGURES_DIR;
    expect(figureOutputPath('figures/fig2-power')).toBe('figures/fig2-power');
    process.env.MSMS_FIGURES_DIR = '';
    expect(figureOutputPath('figures/fig2-power')).toBe('figures/fig2-power');
  });

  it('replaces the leading figures/ (with or without ./) by the named folder', () => {
    process.env.MSMS_FIGURES_DIR = 'figures/.tmp';
    expect(figureOutputPath('figures/fig2-power')).toBe('figures/.tmp/fig2-power');
    expect(figureOutputPath('./figures/sub/fig8')).toBe('figures/.tmp/sub/fig8');
  });

  it('does not touch paths outside figures/', () => {
    process.env.MSMS_FIGURES_DIR = '/tmp/x';
    expect(figureOutputPath('/tmp/other/fig')).toBe('/tmp/other/fig');
    expect(figureOutputPath('data/figures/fig')).toBe('data/figures/fig');
  });
});

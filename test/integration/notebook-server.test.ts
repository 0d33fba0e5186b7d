/**
 * `npm run notebook` (scripts/notebook.sh): Debian's Jupyter Notebook starts on 127.0.0.1
 * with the project as its root, lists the kit's tslab kernel, serves the notebook tree,
 * opens a notebook, and serves the local plotly bundle that live figures load
 * (/files/node_modules/plotly.js-dist-min/plotly.min.js); then it is stopped. A real server
 * (a few seconds; up to a minute on a loaded machine).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: ChildProcess | undefined;
let log = '';
const token = randomBytes(12).toString('hex');
let base = '';

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function get(path: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}token=${token}`);
  return { status: r.status, text: await r.text() };
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn('bash', ['scripts/notebook.sh', '--port', String(port), `--NotebookApp.token=${token}`], {
    cwd: process.cwd(),
    detached: true, // its own process group: stopped with the kernels it may start
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await get('/api/status')).status === 200) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the notebook server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}, 120_000);

afterAll(() => {
  if (server?.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
});

describe('npm run notebook', () => {
  it('lists the tslab kernel of the kit and serves the notebook tree and a notebook', async () => {
    const specs = JSON.parse((await get('/api/kernelspecs')).text) as {
      kernelspecs: Record<string, { spec: { display_name: string; argv: string[] } }>;
    };
    expect(specs.kernelspecs.tslab.spec.display_name).toBe('TypeScript (tslab, msms-kit root)');
    expect(specs.kernelspecs.tslab.spec.argv).toContain(process.cwd()); // the kernel starts in the project root
    const tree = await get('/api/contents/notebooks');
    const names = (JSON.parse(tree.text) as { content: { name: string }[] }).content.map((c) => c.name);
    expect(names).toContain('fig2-power.ipynb');
    expect((await get('/tree/notebooks')).status).toBe(200);
    expect((await get('/notebooks/notebooks/fig8-beamspace.ipynb')).status).toBe(200);
  });

  it('listens on 127.0.0.1 only and serves the local plotly bundle for live figures', async () => {
    expect(log).toContain('Jupyter Notebook 6.4');
    // not reachable through the machine's other addresses
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
    if (external !== undefined) {
      const port = new URL(base).port;
      await expect(fetch(`http://${external.address}:${port}/api/status?token=${token}`)).rejects.toThrow();
    }
    const plotly = await get('/files/node_modules/plotly.js-dist-min/plotly.min.js');
    expect(plotly.status).toBe(200);
    expect(plotly.text.slice(0, 40)).toContain('plotly.js v');
  });
});

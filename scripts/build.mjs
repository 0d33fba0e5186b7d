// Compiled build of the kit: `npm run build` (and `npm run setup`) compile lib/ and
// bin/msms-main.ts with TypeScript (tsconfig.build.json) into dist/, once; `msms`
// (bin/msms.js) then runs dist/ in one process with no TypeScript loader at run time.
// Notebooks, tests, scripts and benchmarks keep running the TypeScript sources.
//
//   node scripts/build.mjs            build dist/ now
//   node scripts/build.mjs --if-stale build only when a source is newer than the build
//   node scripts/build.mjs --check    exit 1 (one line why) when dist/ is stale
//
// Freshness: dist/BUILD.json records when the build started; any file or folder under lib/
// (and bin/msms-main.ts, the tsconfigs, this script) modified after that makes dist/ stale.
// bin/msms.js checks this at every start (a few ms) and rebuilds a stale dist/, so editing
// lib/ and running msms never runs old code. Builds are atomic: tsc writes into a fresh
// folder that replaces dist/ only when complete; a lock (dist.lock/) keeps concurrent
// rebuilds (many shards starting at once) from racing — the others wait and reuse it.
//
// Plain JavaScript (no TypeScript loader exists yet when this runs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** Folder of the compiled build, relative to the project root. */
export const BUILD_DIR = 'dist';
const STAMP = 'BUILD.json';
const LOCK = 'dist.lock';

/** A build that cannot be made or is stale where it may not be rebuilt; the message is one line. */
export class BuildError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Every source whose change invalidates the build: [path, mtimeMs] of files and folders. */
function sources(root) {
  const out = [];
  const walk = (dir) => {
    const st = statSync(dir);
    out.push([dir, st.mtimeMs]);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push([p, statSync(p).mtimeMs]);
    }
  };
  walk(join(root, 'lib'));
  for (const f of ['bin/msms-main.ts', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs']) {
    const p = join(root, f);
    if (existsSync(p)) out.push([p, statSync(p).mtimeMs]);
  }
  return out;
}

/**
 * Is dist/ up to date with the sources? `{ fresh: true }` or `{ fresh: false, reason }`
 * with a short reason naming the newer source.
 */
export function buildState(root) {
  const stampPath = join(root, BUILD_DIR, STAMP);
  if (!existsSync(stampPath)) {
    return { fresh: false, reason: existsSync(join(root, BUILD_DIR)) ? 'dist/ is incomplete' : 'dist/ does not exist' };
  }
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return { fresh: false, reason: `${BUILD_DIR}/${STAMP} is unreadable` };
  }
  const newer = sources(root).filter(([, t]) => t > stamp.startedMs);
  if (newer.length === 0) return { fresh: true };
  const names = newer.map(([p]) => relative(root, p));
  const more = names.length > 1 ? ` (+${names.length - 1} more)` : '';
  return { fresh: false, reason: `${names[0]}${more} changed after the last build` };
}

function tscPath(root) {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

/** JSON imports in emitted ES modules need Node's import attribute (the sources cannot carry it: tslab's TS 5.0). */
function addJsonAttributes(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) addJsonAttributes(p);
    else if (e.name.endsWith('.js')) {
      const text = readFileSync(p, 'utf8');
      const fixed = text.replace(
        /^(import\s[^;'"]*?\sfrom\s+)(['"])(\.{1,2}\/[^'"]+\.json)\2;/gm,
        "$1$2$3$2 with { type: 'json' };",
      );
      if (fixed !== text) writeFileSync(p, fixed);
    }
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Take dist.lock/ (waiting while a live process holds it); returns a release function. */
async function lock(root, onWait) {
  const dir = join(root, LOCK);
  let told = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'owner'), JSON.stringify({ pid: process.pid, started: Date.now() }));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw new BuildError(`cannot create ${dir}: ${e.message}`);
    }
    let owner = null;
    try {
      owner = JSON.parse(readFileSync(join(dir, 'owner'), 'utf8'));
    } catch {
      // being created right now, or left half-written by a killed build
    }
    let since;
    try {
      since = owner ? owner.started : statSync(dir).mtimeMs;
    } catch {
      continue; // released in the meantime
    }
    // a dead owner, an owner file never written (killed within ms of taking the lock), or a build over 10 min
    const dead = owner ? !pidAlive(owner.pid) : Date.now() - since > 5_000;
    if (dead || Date.now() - since > 10 * 60_000) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!told) onWait?.();
    told = true;
    await sleep(200);
  }
}

/**
 * Compile lib/ and bin/msms-main.ts into dist/ (atomically, under the lock). Returns the
 * time taken (ms), or null when `ifStale` and dist/ was found fresh once the lock was held
 * (another process built it meanwhile). Throws BuildError with tsc's first error when
 * compilation fails.
 */
export async function build(root, { onWait, ifStale = false } = {}) {
  const release = await lock(root, onWait);
  try {
    if (ifStale && buildState(root).fresh) return null;
    const started = Date.now();
    const tsc = tscPath(root);
    if (!tsc) throw new BuildError('TypeScript is not installed (devDependency typescript); run npm run setup');
    const tmp = join(root, `${BUILD_DIR}.tmp-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', tmp], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      rmSync(tmp, { recursive: true, force: true });
      const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
      const first = errors[0] ?? (r.error?.message || `${r.stdout}${r.stderr}`.trim().split('\n')[0]);
      throw new BuildError(
        `compiling lib/ failed with ${errors.length || 'an'} error(s), first: ${first.trim()} ` +
          `(npm run typecheck lists them all)`,
      );
    }
    addJsonAttributes(tmp);
    const tsVersion = JSON.parse(readFileSync(join(dirname(dirname(tsc)), 'package.json'), 'utf8')).version;
    writeFileSync(
      join(tmp, STAMP),
      JSON.stringify(
        { startedMs: started, built: new Date().toISOString(), typescript: tsVersion, node: process.version },
        null,
        2,
      ) + '\n',
    );
    const dist = join(root, BUILD_DIR);
    const old = join(root, `${BUILD_DIR}.old-${process.pid}`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(tmp, dist);
    rmSync(old, { recursive: true, force: true });
    return Date.now() - started;
  } finally {
    release();
  }
}

/**
 * Make sure dist/ is fresh: rebuild it when stale (saying so on `log`, one line before and
 * one after). Returns the path of the compiled CLI entry. Throws BuildError (one line).
 */
export async function ensureBuild(root, log = (s) => process.stderr.write(s + '\n')) {
  const entry = join(root, BUILD_DIR, 'bin', 'msms-main.js');
  let state = buildState(root);
  if (state.fresh) return entry;
  log(`msms: ${state.reason}; compiling lib/ into ${BUILD_DIR}/ (as npm run build does) …`);
  try {
    const ms = await build(root, {
      ifStale: true,
      onWait: () => log('msms: waiting for another process compiling dist/ …'),
    });
    log(ms === null ? 'msms: another process compiled it' : `msms: compiled in ${(ms / 1000).toFixed(1)} s`);
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    // another process may have built it while we waited
    state = buildState(root);
    if (state.fresh) return entry;
    throw new BuildError(`${e.message}; msms runs the compiled ${BUILD_DIR}/, which is older than lib/`);
  }
  return entry;
}

// Command line: npm run build
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const arg = process.argv[2];
  try {
    if (arg === '--check') {
      const s = buildState(root);
      console.log(s.fresh ? 'build: dist/ is up to date' : `build: stale — ${s.reason}; run npm run build`);
      process.exitCode = s.fresh ? 0 : 1;
    } else if (arg === undefined || arg === '--if-stale') {
      const ifStale = arg === '--if-stale';
      const ms =
        ifStale && buildState(root).fresh
          ? null
          : await build(root, { ifStale, onWait: () => console.log('build: waiting for another build …') });
      console.log(
        ms === null
          ? 'build: dist/ is up to date with lib/'
          : `build: compiled lib/ and bin/ into dist/ in ${(ms / 1000).toFixed(1)} s`,
      );
    } else {
      console.error(`build: unknown option ${arg} (use --if-stale or --check)`);
      process.exitCode = 2;
    }
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`build: ${e.message}`);
    process.exitCode = 1;
  }
}

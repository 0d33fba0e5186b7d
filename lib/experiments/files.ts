/**
 * File-system helpers of the sweep engine, merge and CLI that never hang and fail in one
 * line: a folder creation that walks up to the nearest existing folder and creates the
 * rest one level at a time (Node 20's recursive mkdirSync spins forever under /proc),
 * up-front checks that a folder can be written, pseudo file systems (/proc, /sys, …)
 * refused by name, and writes that replace a file only once its new content is complete.
 *
 * `fileOps` holds the few raw operations whose failure matters mid-run (appending a
 * checkpoint line, writing a table): tests replace its members to simulate a full disk
 * (ENOSPC) without filling one.
 */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  statfsSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A path that cannot be used (not a folder, pseudo file system, not writable); names the path. */
export class FsPathError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'FsPathError';
  }
}

/** The raw operations used where a failure must be reported and survived (replaceable in tests). */
export const fileOps = {
  writeSync: (fd: number, text: string): number => writeSync(fd, text),
  fsyncSync: (fd: number): void => fsyncSync(fd),
  writeFileSync: (path: string, data: string | Uint8Array): void => writeFileSync(path, data),
  renameSync: (from: string, to: string): void => renameSync(from, to),
};

/** statfs magic numbers of kernel pseudo file systems, where no data folder belongs. */
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0xcafe4a11: 'bpf',
  0x6165676c: 'pstore',
  0x62656570: 'configfs',
  0x65735543: 'fusectl',
};

/** Name of the pseudo file system `path` lies on ('proc', 'sysfs', …), or undefined. */
export function pseudoFileSystem(path: string): string | undefined {
  try {
    return PSEUDO_FS[Number(statfsSync(path).type)];
  } catch {
    return undefined;
  }
}

/** Plain words for the errno codes a file operation can end with (also used by lib/cli/errors.ts). */
export const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'resource busy',
  EXDEV: 'cross-device link',
  ENOTEMPTY: 'folder not empty',
  EINVAL: 'invalid argument',
  ERR_FS_FILE_TOO_LARGE: 'file too large to read (at most 2 GiB)',
  ERR_STRING_TOO_LONG: 'file too large to read as text',
};

/** "permission denied (EACCES)" for a Node system error. */
export function errnoWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') return String((e as Error)?.message ?? e);
  return `${ERRNO_WORDS[code] ?? (e as Error).message.replace(/^[A-Z]+:\s*/, '').replace(/,\s.*$/, '')} (${code})`;
}

/** The nearest folder at or above `path` that exists (the path itself when it exists). */
function nearestExisting(abs: string): string {
  let p = abs;
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return p;
}

/**
 * Check, without creating anything, that folder `dir` exists or could be created and that
 * files can be written in it: its nearest existing ancestor must be a folder, not on a
 * pseudo file system, and accept a new file (a probe file is created and removed).
 * Throws FsPathError naming `what` (e.g. '--runs-dir data/runs').
 */
export function checkWritableDir(dir: string, what = dir): void {
  const abs = resolve(dir);
  const base = nearestExisting(abs);
  let st;
  try {
    st = statSync(base);
  } catch (e) {
    throw new FsPathError(`${what}: cannot read ${base}: ${errnoWords(e)}`, (e as NodeJS.ErrnoException).code);
  }
  if (!st.isDirectory()) {
    throw new FsPathError(
      base === abs ? `${what}: ${abs} is a file, not a folder` : `${what}: ${base} is a file, not a folder`,
      'ENOTDIR',
    );
  }
  const pseudo = pseudoFileSystem(base);
  if (pseudo) throw new FsPathError(`${what}: ${base} is on the kernel's ${pseudo} file system, not a data folder`);
  try {
    accessSync(base, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new FsPathError(`${what}: ${base} is not writable: ${errnoWords(e)}`, (e as NodeJS.ErrnoException).code);
  }
  // root passes access(); a probe file also catches read-only mounts and refusing file systems
  const probe = join(base, `.msms-probe-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  try {
    writeFileSync(probe, '');
  } catch (e) {
    throw new FsPathError(`${what}: cannot write in ${base}: ${errnoWords(e)}`, (e as NodeJS.ErrnoException).code);
  }
  try {
    unlinkSync(probe);
  } catch {
    // left behind: harmless and named after this process
  }
}

/**
 * Create folder `dir` and its missing parents, one level at a time, after the checks of
 * `checkWritableDir` (so it never spins under /proc). FsPathError names `what` and the path.
 */
export function makeDirs(dir: string, what = dir): void {
  const abs = resolve(dir);
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new FsPathError(`${what}: ${abs} is a file, not a folder`, 'ENOTDIR');
    return;
  }
  checkWritableDir(abs, what);
  const missing: string[] = [];
  for (let p = abs; !existsSync(p); p = dirname(p)) missing.push(p);
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(p).isDirectory()) continue;
      throw new FsPathError(
        `${what}: cannot create the folder ${p}: ${errnoWords(e)}`,
        (e as NodeJS.ErrnoException).code,
      );
    }
  }
}

/**
 * Write `data` to `path` so that `path` holds either its old content or the whole new one:
 * the data goes to a temporary file beside it (flushed), which is then renamed over `path`.
 * On failure the temporary file is removed and the error is rethrown. A `path` that exists
 * and is not a regular file (/dev/stdout, a pipe) is written directly, never replaced; a
 * symbolic link keeps pointing to the (new) file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  if (existsSync(file) && !statSync(file).isFile()) {
    try {
      fileOps.writeFileSync(file, data);
    } catch (e) {
      throw named(e, file);
    }
    return;
  }
  // through a symbolic link: replace the file it points to, not the link
  const path = existsSync(file) ? realpathSync(file) : file;
  const tmp = join(dirname(path), `.${Math.random().toString(36).slice(2, 10)}.${process.pid}.tmp`);
  try {
    fileOps.writeFileSync(tmp, data);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    fileOps.renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw named(e, path);
  }
}

/** A system error that says which file it is about (a failed write names none by itself). */
function named(e: unknown, path: string): unknown {
  const x = e as NodeJS.ErrnoException & { dest?: string };
  if (typeof x?.code === 'string') {
    if (x.syscall === 'rename' && x.dest === undefined) x.dest = path;
    if (x.path === undefined) {
      x.path = path;
      x.syscall ??= 'write';
    }
  }
  return e;
}

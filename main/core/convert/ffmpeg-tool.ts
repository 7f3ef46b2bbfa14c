// Which ffmpeg runs conversions: a configured path, else the one on PATH, else the packaged app's own
// (@ffmpeg-installer, a static GPL build carried in the npm tarball). Each candidate is run once
// (`-version`, `-encoders`) and kept only when it has the encoders Xfer uses: libx264 and aac.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fail } from '../../common/errors.ts';

const run = promisify(execFile);

export type FfmpegSource = 'configured' | 'path' | 'bundled';

export interface FfmpegTool {
  ffmpeg: string;
  /** ffprobe beside it, when there is one (the bundled build has none that runs: probing falls back to ffmpeg). */
  ffprobe: string | null;
  source: FfmpegSource;
  /** "5.1.9-0+deb12u1", from `ffmpeg -version`. */
  version: string;
}

export interface LocateOptions {
  /** A path to an ffmpeg binary the user chose (preference, --ffmpeg, or XFER_FFMPEG). */
  configured?: string | null | undefined;
  env?: NodeJS.ProcessEnv;
  /** Whether to fall back to the bundled build (default true); 'only' skips PATH (the bench compares them). */
  bundled?: boolean | 'only';
}

export const HOW_TO_GET_FFMPEG =
  'Xfer needs ffmpeg to convert media. Install it (Debian/Ubuntu: sudo apt install ffmpeg; Fedora: sudo dnf install ffmpeg; ' +
  'macOS: brew install ffmpeg; Windows: winget install ffmpeg), or point Xfer at one with XFER_FFMPEG=/path/to/ffmpeg ' +
  '(CLI: --ffmpeg PATH).';

const EXE = process.platform === 'win32' ? '.exe' : '';
const verified = new Map<string, Promise<string | null>>();

export async function locateFfmpeg(options: LocateOptions = {}): Promise<FfmpegTool> {
  const env = options.env ?? process.env;
  const configured = options.configured || env.XFER_FFMPEG || null;
  const problems: string[] = [];
  if (configured) {
    const version = await usable(configured);
    if (version !== null)
      return { ffmpeg: configured, ffprobe: await beside(configured), source: 'configured', version };
    // The user asked for this one: never quietly use another.
    fail(
      'environment',
      `${configured} is not an ffmpeg Xfer can use (missing, not executable, or without libx264/aac). ${HOW_TO_GET_FFMPEG}`,
    );
  }
  if (options.bundled !== 'only') {
    for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(dir, `ffmpeg${EXE}`);
      if (!(await executable(candidate))) continue;
      const version = await usable(candidate);
      if (version !== null) return { ffmpeg: candidate, ffprobe: await beside(candidate), source: 'path', version };
      problems.push(`${candidate} has no libx264 or aac encoder`);
    }
  }
  if (options.bundled !== false) {
    const candidate = bundledPath();
    if (candidate !== null) {
      const version = await usable(candidate);
      if (version !== null) return { ffmpeg: candidate, ffprobe: null, source: 'bundled', version };
      problems.push(`the bundled ffmpeg at ${candidate} does not run here`);
    }
  }
  const why = problems.length > 0 ? ` (${problems.join('; ')})` : '';
  return fail('environment', `No ffmpeg found${why}. ${HOW_TO_GET_FFMPEG}`);
}

/** The packaged app's own ffmpeg, or null when the package for this platform is not installed. */
export function bundledPath(): string | null {
  try {
    const require = createRequire(import.meta.url);
    // The platform package carries the binary itself: no install script needed (its postinstall only chmods,
    // and the tarball already has the executable bit). In an Electron build it lives in app.asar.unpacked.
    const path = require.resolve(`@ffmpeg-installer/${process.platform}-${process.arch}/ffmpeg${EXE}`);
    return path.replace(`app.asar${join('/')}`, `app.asar.unpacked${join('/')}`);
  } catch {
    return null;
  }
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The version when this ffmpeg runs and has libx264 and aac; null otherwise. Asked once per path. */
function usable(path: string): Promise<string | null> {
  let known = verified.get(path);
  if (known === undefined) {
    known = (async () => {
      try {
        const version = await run(path, ['-hide_banner', '-version'], { timeout: 10_000 });
        const encoders = await run(path, ['-hide_banner', '-encoders'], { timeout: 10_000, maxBuffer: 4 << 20 });
        if (!/\blibx264\b/.test(encoders.stdout) || !/^\s*A\S*\s+aac\b/m.test(encoders.stdout)) return null;
        return /ffmpeg version (\S+)/.exec(version.stdout)?.[1] ?? 'unknown';
      } catch {
        return null;
      }
    })();
    verified.set(path, known);
  }
  return known;
}

async function beside(ffmpeg: string): Promise<string | null> {
  const candidate = join(dirname(ffmpeg), `ffprobe${EXE}`);
  return (await executable(candidate)) ? candidate : null;
}

export function describeTool(tool: FfmpegTool): string {
  return `${tool.source} ffmpeg ${tool.version} at ${tool.ffmpeg}`;
}

// Where web mode finds what the build wrote under one out root; the build tooling writes there.
import { join } from 'node:path';

export interface BuiltWeb {
  /** The renderer's build: index.html and assets/. */
  rendererDir: string;
  /** The bridge module injected before the renderer's script. */
  bridgeFile: string;
}

export function builtPaths(outRoot: string): BuiltWeb {
  return { rendererDir: join(outRoot, 'renderer'), bridgeFile: join(outRoot, 'harness', 'bridge.js') };
}

// Whether the keychain can keep secrets now (a real write, read and delete), and how to fix it if not.
import { isXferFailure } from '../common/errors.ts';
import type { SecretStore } from '../core/accounts/types.ts';

export interface KeychainProbe {
  ok: boolean;
  message: string | null;
}

type ProbedStore = SecretStore & { ensureAvailable?(): Promise<void> };

/** A working keychain is probed once; a broken one again on each ask (the user may have fixed it). */
export function keychainProber(secrets: ProbedStore): () => Promise<KeychainProbe> {
  let last: Promise<KeychainProbe> | null = null;
  return async () => {
    const probe = await (last ??= probeKeychain(secrets));
    if (!probe.ok) last = null;
    return probe;
  };
}

async function probeKeychain(secrets: ProbedStore): Promise<KeychainProbe> {
  try {
    await secrets.ensureAvailable?.();
    return { ok: true, message: null };
  } catch (thrown) {
    if (!isXferFailure(thrown)) throw thrown;
    return { ok: false, message: thrown.error.message };
  }
}

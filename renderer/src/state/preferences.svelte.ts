// The Preferences screen's state: main's values and facts, and each change sent as it is made (main checks
// it with the preference's rule; a refusal is shown and the values stay as main has them).
import type { XferError } from '../../../main/common/errors.ts';
import type { PreferenceValues } from '../../../main/common/preferences.ts';
import type { PreferencesView } from '../../../main/ipc/contract.ts';
import type { XferApi } from '../api.ts';

export class PreferencesState {
  view = $state.raw<PreferencesView | null>(null);
  error = $state.raw<XferError | null>(null);
  /** Set after each change main kept, for the screen's "Saved" line. */
  savedAt = $state<number | null>(null);
  #api: XferApi;

  constructor(api: XferApi) {
    this.#api = api;
  }

  get values(): PreferenceValues | null {
    return this.view?.values ?? null;
  }

  async load(): Promise<void> {
    const result = await this.#api.preferences.get();
    if (result.ok) this.view = result.value;
    else this.error = result.error;
  }

  /** Returns whether main kept the change. */
  async set(changes: Partial<PreferenceValues>): Promise<boolean> {
    const result = await this.#api.preferences.set({ changes });
    if (!result.ok) {
      this.error = result.error;
      return false;
    }
    this.view = result.value;
    this.error = null;
    this.savedAt = Date.now();
    return true;
  }
}

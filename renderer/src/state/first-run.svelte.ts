// The first-run explanation: shown until dismissed once (main keeps the dismissal in the preferences,
// so the CLI's data folder and the app agree), never shown before main has answered.
import type { XferApi } from '../api.ts';

export class FirstRunState {
  show = $state(false);
  /** Why the dismissal could not be kept, if it could not (the panel then stays). */
  problem = $state<string | null>(null);
  #api: XferApi;

  constructor(api: XferApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    const result = await this.#api.app.firstRun();
    if (result.ok) this.show = result.value.show;
  }

  async dismiss(): Promise<void> {
    this.show = false;
    const result = await this.#api.app.dismissFirstRun();
    if (!result.ok) {
      this.show = true;
      this.problem = `Could not remember that: ${result.error.message}`;
    }
  }

  async openDeveloperPortal(): Promise<void> {
    const result = await this.#api.app.openLink({ link: 'developerPortal' });
    this.problem = result.ok ? null : `Could not open the browser: ${result.error.message}`;
  }
}

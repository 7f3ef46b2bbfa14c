// The Preferences screen's channels: the values (each checked by its zod rule in preferences.ts, on top of
// the contract's schema) and the read-only facts beside them.
import { describeTool } from '../core/convert/ffmpeg-tool.ts';
import { isXferFailure } from '../common/errors.ts';
import type { Handlers, PreferencesView } from '../ipc/contract.ts';
import type { Services } from './services.ts';

type PreferenceHandlers = Pick<Handlers, 'preferences:get' | 'preferences:set'>;

export function createPreferenceHandlers(services: Services): PreferenceHandlers {
  const view = async (): Promise<PreferencesView> => ({
    values: services.preferences.all(),
    dataDir: services.dataDir,
    ffmpeg: await services.fitting.tool().then(describeTool, (thrown: unknown) => {
      if (isXferFailure(thrown) && thrown.error.kind === 'environment') return null;
      throw thrown;
    }),
  });
  return {
    'preferences:get': view,
    'preferences:set': async ({ changes }) => {
      services.preferences.update(changes);
      return view();
    },
  };
}

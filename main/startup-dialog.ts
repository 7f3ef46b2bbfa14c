// Start-up failures as native dialogs: never a blank window or an unhandled rejection. A fatal
// one (data folder, ledger) offers its recovery when it has one, then quits with the CLI's exit
// code 3; a keychain failure warns and lets the app run if the user wants (the sandbox account needs no secrets).
import { dialog } from 'electron';
import type { Services, ServicesOptions } from './app/services.ts';
import { openForApp, type RecoveryFinder, type StartupFailure } from './startup.ts';

const TITLES: Record<StartupFailure['step'], string> = {
  'data-folder': 'Xfer cannot use its data folder',
  ledger: 'Xfer cannot open its ledger',
  keychain: 'Xfer cannot reach the keychain',
};

export const EXIT_ENVIRONMENT = 3;

async function show(failure: StartupFailure): Promise<'recover' | 'quit' | 'continue'> {
  const recover = failure.recovery ? [failure.recovery.label] : [];
  const buttons = failure.fatal ? [...recover, 'Quit'] : [...recover, 'Continue without the keychain', 'Quit'];
  const { response } = await dialog.showMessageBox({
    type: failure.fatal ? 'error' : 'warning',
    title: TITLES[failure.step],
    message: TITLES[failure.step],
    detail: failure.message,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  });
  if (failure.recovery && response === 0) return 'recover';
  return buttons[response] === 'Continue without the keychain' ? 'continue' : 'quit';
}

/** The services, or null once the user has been told why they cannot open (the caller quits with exit 3). */
export async function openWithDialogs(
  options: ServicesOptions,
  recoveries: readonly RecoveryFinder[] = [],
): Promise<Services | null> {
  for (;;) {
    const opened = await openForApp(options, recoveries);
    if (opened.ok) {
      if (opened.warning && (await show(opened.warning)) === 'quit') {
        await opened.services.close();
        return null;
      }
      return opened.services;
    }
    const choice = await show(opened.failure);
    if (choice !== 'recover') return null;
    try {
      await opened.failure.recovery!.run();
    } catch (thrown) {
      dialog.showErrorBox('The fix did not work', thrown instanceof Error ? thrown.message : String(thrown));
      return null;
    }
  }
}

// A failure said in two parts: the short sentence for the user, and the raw words (X's, the keychain
// library's) behind a "details" disclosure. Main appends those as "(X said: …)".
export interface SplitMessage {
  short: string;
  detail: string | null;
}

const MARKER = ' (X said: ';

export function splitDetail(message: string): SplitMessage {
  const at = message.indexOf(MARKER);
  if (at < 0 || !message.endsWith(')')) return { short: message, detail: null };
  return { short: `${message.slice(0, at)}.`, detail: message.slice(at + MARKER.length, -1) };
}

/** The keychain's raw failure as one human sentence and one fix for this platform. */
export function keychainAdvice(platform: string): { short: string; fix: string } {
  const short = "Xfer can't keep sign-ins on this computer: the system keychain isn't available.";
  if (platform === 'darwin') return { short, fix: 'Unlock your login keychain in Keychain Access, then check again.' };
  if (platform === 'win32')
    return { short, fix: 'Sign in to Windows with your own account (Credential Manager), then check again.' };
  return {
    short,
    fix: 'Start and unlock GNOME Keyring, or turn on Secret Service in KeePassXC, then check again.',
  };
}

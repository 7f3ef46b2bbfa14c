// Plays the user in the browser main opened: loads the sandbox's authorize page and reads the PIN.
import { Agent, fetch } from 'undici';

/** The sandbox may serve https with its own certificate: trust it for this one loopback request. */
const loopbackAgent = new Agent({ connect: { rejectUnauthorized: false } });

export async function readSandboxPin(authorizeUrl: string, screenName: string): Promise<string> {
  const url = new URL(authorizeUrl);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
    throw new Error(`not a loopback URL: ${authorizeUrl}`);
  url.searchParams.set('screen_name', screenName);
  const response = await fetch(url, { dispatcher: loopbackAgent });
  const html = await response.text();
  const pin = /<code id="oauth_pin">(\d+)<\/code>/.exec(html)?.[1];
  if (!pin) throw new Error(`no PIN on the authorize page (${response.status}): ${html.slice(0, 200)}`);
  return pin;
}

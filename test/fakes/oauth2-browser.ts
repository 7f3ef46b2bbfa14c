// Plays the user's browser for an OAuth 2.0 authorize URL against the sandbox: opens the consent
// page, approves or denies it (as a chosen demo user), and returns where X would redirect, without
// following it. `followRedirect` then delivers it to the app's loopback listener, as a browser does.

export interface ConsentOutcome {
  /** The redirect to the app's callback (code + state, or error + error_description). */
  location: string;
  consentPage: string;
}

export async function answerConsent(
  authorizeUrl: string,
  decision: 'approve' | 'deny' = 'approve',
  screenName?: string,
): Promise<ConsentOutcome> {
  const pageResponse = await fetch(authorizeUrl, { redirect: 'manual' });
  const consentPage = await pageResponse.text();
  if (pageResponse.status === 302) return { location: pageResponse.headers.get('location') ?? '', consentPage };
  const consentId = /name="consent_id" value="([^"]+)"/.exec(consentPage)?.[1];
  if (!consentId) throw new Error(`no consent form (HTTP ${pageResponse.status}): ${consentPage}`);
  const form = new URLSearchParams({ consent_id: consentId, decision });
  if (screenName) form.set('screen_name', screenName);
  const decided = await fetch(new URL('/i/oauth2/authorize/consent', authorizeUrl), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  await decided.body?.cancel();
  const location = decided.headers.get('location');
  if (decided.status !== 302 || !location) throw new Error(`consent answered ${decided.status}`);
  return { location, consentPage };
}

/** Delivers the redirect to the callback listener; returns the page the listener showed. */
export async function followRedirect(location: string): Promise<{ status: number; text: string }> {
  const response = await fetch(location);
  return { status: response.status, text: await response.text() };
}

/** The whole browser side of a sign-in: approve (or deny), then follow the redirect. */
export async function playBrowser(
  authorizeUrl: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<{ status: number; text: string }> {
  const { location } = await answerConsent(authorizeUrl, decision);
  return followRedirect(location);
}

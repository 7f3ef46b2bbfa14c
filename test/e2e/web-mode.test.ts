// Web mode in Chromium as a person uses it: the page comes with web mode's header policy (which
// blocks an injected inline script, seen through the CSP violation), its socket needs the token,
// and files are added through the page itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webModePolicy } from '../../main/security.ts';
import { openWorld, type E2eWorld } from './setup.ts';

// The Node typecheck has no DOM library: the few page globals used in evaluate() are declared here.
interface Violation {
  effectiveDirective: string;
  originalPolicy: string;
  disposition: string;
}
declare const document: {
  addEventListener(type: 'securitypolicyviolation', listener: (event: Violation) => void): void;
  createElement(tag: 'script'): { textContent: string };
  body: { append(node: unknown): void };
};
declare const window: { injectedRan?: boolean };

let world: E2eWorld;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(() => world?.close());

describe('web mode in the browser', () => {
  it('serves the page with web mode’s policy as a header, and that policy blocks an injected inline script', async () => {
    const response = await world.page.goto(world.harness.url);
    const policy = webModePolicy(world.harness.origin);
    expect(response?.headers()['content-security-policy']).toBe(policy);
    await world.page.getByRole('heading', { level: 1 }).first().waitFor();
    const violation = await world.page.evaluate(async () => {
      const seen = new Promise<{ directive: string; policy: string; disposition: string }>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) =>
          resolve({
            directive: event.effectiveDirective,
            policy: event.originalPolicy,
            disposition: event.disposition,
          }),
        ),
      );
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.body.append(script);
      return { ...(await seen), ran: window.injectedRan === true };
    });
    expect(violation).toEqual({ directive: 'script-src-elem', policy, disposition: 'enforce', ran: false });
    expect(world.errors.some((error) => error.includes('Content Security Policy'))).toBe(true);
    world.errors.length = 0;
  });

  it('without the token the page is refused', async () => {
    const other = await world.browser.newPage();
    try {
      const response = await other.goto(world.harness.origin + '/');
      expect(response?.status()).toBe(403);
    } finally {
      await other.close();
    }
  });
});

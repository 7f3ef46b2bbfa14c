// Every e2e test fails when a page it watches logs a console error or warning, throws, or has something
// blocked by its Content-Security-Policy. The watch is per browser context (every page in it, however
// opened); importing this module registers the afterEach check in the importing test file, so any test
// that opens its world with openWorld() (test/e2e/setup.ts imports this) is checked without asking.
// A test that provokes an error on purpose takes it with `takePageErrors(list, pattern)` (E2eWorld's
// `takeErrors`) before it ends, and asserts on what it took.
import { afterEach } from 'vitest';
import type { BrowserContext, ConsoleMessage } from 'playwright-core';

/** The binding the init script reports CSP violations through (a CDP binding: the page's CSP cannot block it). */
const CSP_BINDING = '__xferTestCspViolation';

interface CspViolation {
  directive: string;
  blocked: string;
  source: string;
  line: number;
}

// The Node typecheck has no DOM library: the page globals the init script uses are declared here.
declare const document: {
  addEventListener(type: 'securitypolicyviolation', listener: (event: unknown) => void, capture: boolean): void;
};
declare const window: Record<string, ((violation: CspViolation) => void) | undefined>;

function reportCspViolations(binding: string): void {
  document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      const violation = event as {
        effectiveDirective: string;
        blockedURI: string;
        sourceFile: string;
        lineNumber: number;
      };
      window[binding]?.({
        directive: violation.effectiveDirective,
        blocked: violation.blockedURI,
        source: violation.sourceFile,
        line: violation.lineNumber,
      });
    },
    true,
  );
}

function consoleText(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return `console.${message.type()}: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
}

/** Every list being watched in this test file; the afterEach below checks (and empties) them all. */
const watched = new Set<string[]>();

/**
 * Watches every page of `context` from now on, writing what they log to `errors` (several contexts may share
 * one list). Until `unwatchPageErrors(errors)`, each test's end checks the list.
 */
export async function watchPageErrors(context: BrowserContext, errors: string[]): Promise<void> {
  context.on('weberror', (error) => errors.push(`page error: ${error.error().stack ?? error.error().message}`));
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(consoleText(message));
  });
  await context.exposeBinding(CSP_BINDING, (_source, violation: CspViolation) => {
    const where = violation.source ? ` (${violation.source}:${violation.line})` : '';
    errors.push(`CSP violation: ${violation.directive} blocked ${violation.blocked || '(inline)'}${where}`);
  });
  await context.addInitScript(reportCspViolations, CSP_BINDING);
  watched.add(errors);
}

export function unwatchPageErrors(errors: string[]): void {
  watched.delete(errors);
}

/** Removes and returns the messages matching `pattern`: for a test that provokes them on purpose. */
export function takePageErrors(errors: string[], pattern: RegExp): string[] {
  const taken = errors.filter((message) => pattern.test(message));
  const kept = errors.filter((message) => !pattern.test(message));
  errors.splice(0, errors.length, ...kept);
  return taken;
}

/** Throws, naming every message, when any watched page logged an error since the last check; empties the lists. */
export function assertNoPageErrors(): void {
  const messages = [...watched].flatMap((errors) => errors.splice(0));
  if (messages.length > 0) {
    throw new Error(`The page logged ${messages.length} error(s) or warning(s):\n${messages.join('\n')}`);
  }
}

afterEach(assertNoPageErrors);

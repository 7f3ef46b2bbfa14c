// Controls on the page that a screen reader could not name: buttons without text or label, fields
// without a <label>, aria-label or aria-labelledby. Returns their outerHTML, cut short.
// (Node's tsconfig has no DOM lib: the page-side callback names no DOM types.)
import type { Page } from 'playwright-core';

const CONTROLS = 'button, input:not([type="hidden"]), select, textarea, [role="tab"], [role="progressbar"]';

export function unnamedControls(page: Page): Promise<string[]> {
  return page.locator(CONTROLS).evaluateAll((elements) =>
    elements
      .filter((element) => {
        if (element.getAttribute('aria-label') || element.getAttribute('aria-labelledby')) return false;
        const labels = (element as unknown as { labels?: { length: number } | null }).labels;
        if (labels && labels.length > 0) return false;
        if (element.tagName === 'BUTTON' || element.getAttribute('role') === 'tab') return !element.textContent?.trim();
        return true;
      })
      .map((element) => element.outerHTML.slice(0, 120)),
  );
}

/** The trimmed text of the focused element. */
export async function focusedText(page: Page): Promise<string | undefined> {
  return (await page.locator(':focus').textContent())?.trim();
}

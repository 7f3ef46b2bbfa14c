// Whether a string is anywhere the renderer keeps text: the markup, the live value of every field (a typed
// value is a property, not an attribute, so page.content() never shows it) and the page's storage.
import type { Page } from 'playwright-core';

// The Node typecheck has no DOM library: the page globals used in evaluate() are declared here.
interface PageStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
}
declare const document: { querySelectorAll(selector: string): Iterable<{ value: string }> };
declare const localStorage: PageStorage;
declare const sessionStorage: PageStorage;

export async function pageHolds(page: Page, text: string): Promise<boolean> {
  if ((await page.content()).includes(text)) return true;
  return page.evaluate((needle) => {
    const fields = [...document.querySelectorAll('input, textarea')];
    if (fields.some((field) => field.value.includes(needle))) return true;
    return [localStorage, sessionStorage].some((store) =>
      Array.from({ length: store.length }, (_, index) => store.key(index) ?? '').some(
        (key) => key.includes(needle) || (store.getItem(key) ?? '').includes(needle),
      ),
    );
  }, text);
}

// Whether a string is anywhere the renderer keeps text: the markup, the live value of every field (a typed
// value is a property, not an attribute, so page.content() never shows it) and the page's storage.
import type { Page } from 'playwright-core';

export async function pageHolds(page: Page, text: string): Promise<boolean> {
  if ((await page.content()).includes(text)) return true;
  return page.evaluate((needle) => {
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')];
    if (fields.some((field) => field.value.includes(needle))) return true;
    const stores = [localStorage, sessionStorage];
    return stores.some((store) =>
      Array.from({ length: store.length }, (_, index) => store.key(index) ?? '').some(
        (key) => key.includes(needle) || (store.getItem(key) ?? '').includes(needle),
      ),
    );
  }, text);
}

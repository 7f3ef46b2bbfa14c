// The desktop's preview scheme: a registered file's bytes; a file gone since it was added answers 204 with
// no body (nothing to show, no failed load in the console: test/e2e/gone-thumbnail.test.ts shows Chromium's
// side through web mode's route, which answers the same); an id main never gave out is 404.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { previewSchemeHandler } from '../../main/static/app-scheme.ts';
import { APP_POLICY } from '../../main/security.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xfer-preview-scheme-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('serves the file, answers 204 once it is gone, and 404 for an unknown id', async () => {
  const path = join(dir, 'card.png');
  await writeFile(path, 'png bytes');
  const handler = previewSchemeHandler((id) => (id === 'file_card' ? { path, mediaType: 'image/png' } : null));

  const served = await handler(new Request('xfer-media://file_card'));
  expect(served.status).toBe(200);
  expect(await served.text()).toBe('png bytes');

  await rm(path);
  const gone = await handler(new Request('xfer-media://file_card'));
  expect(gone.status).toBe(204);
  expect(await gone.text()).toBe('');
  expect(gone.headers.get('content-security-policy')).toBe(APP_POLICY);

  expect((await handler(new Request('xfer-media://file_other'))).status).toBe(404);
});

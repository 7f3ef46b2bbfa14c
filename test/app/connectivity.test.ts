import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createProbe } from '../../main/app/connectivity.ts';

describe('the connectivity probe', () => {
  it('counts any HTTP answer, even an error status, as reachable', async () => {
    const server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await createProbe({ bases: () => [base] })()).toBe(true);
    } finally {
      server.close();
    }
  });

  it('counts a refused connection as offline', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    expect(await createProbe({ bases: () => [base], timeoutMs: 2000 })()).toBe(false);
  });
});

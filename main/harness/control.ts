// The test-mode control API (only mounted with testMode): queue file-dialog answers, read what
// the OS ports recorded, push an event, and take the network down or up.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_NAMES, type Events } from '../ipc/contract.ts';
import type { EventHub } from '../ipc/events.ts';
import type { HarnessApp } from './app.ts';
import type { RecordingPorts } from './test-ports.ts';

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function handleControl(
  request: IncomingMessage,
  response: ServerResponse,
  action: string,
  context: { hub: EventHub; ports: RecordingPorts; app: HarnessApp },
): Promise<void> {
  const { hub, ports, app } = context;
  if (request.method === 'GET') {
    if (action === 'clipboard') return json(response, 200, ports.clipboard);
    if (action === 'opened') return json(response, 200, ports.opened);
    if (action === 'notifications') return json(response, 200, ports.notifications);
    return json(response, 404, { error: `unknown control ${action}` });
  }
  if (request.method !== 'POST') return json(response, 405, { error: 'GET or POST' });
  const body = (await readJson(request)) as Record<string, unknown> | null;
  if (action === 'pick') {
    const paths = body?.paths;
    if (!Array.isArray(paths) || !paths.every((path) => typeof path === 'string')) {
      return json(response, 400, { error: 'paths: string[]' });
    }
    ports.queuePick(paths);
    return json(response, 200, { queued: paths.length });
  }
  if (action === 'emit') {
    const event = body?.event as keyof Events;
    if (!EVENT_NAMES.includes(event)) return json(response, 400, { error: 'unknown event' });
    hub.emit(event, body?.payload as Events[typeof event]);
    return json(response, 200, { emitted: event });
  }
  if (action === 'online') {
    if (!app.setOnline) return json(response, 501, { error: 'this app cannot go offline' });
    await app.setOnline(body?.online === true);
    return json(response, 200, { online: body?.online === true });
  }
  if (action === 'faults') {
    if (!app.setFaults) return json(response, 501, { error: 'this app has no sandbox faults' });
    app.setFaults((body?.faults ?? null) as Parameters<NonNullable<HarnessApp['setFaults']>>[0]);
    return json(response, 200, { faults: body?.faults ?? null });
  }
  return json(response, 404, { error: `unknown control ${action}` });
}

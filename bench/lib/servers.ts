// The servers one measured upload talks to: a fresh TLS sandbox per upload (so no upload inherits another's
// disk use, rate-limit window or media records) and, for the raw ceiling, the bench's own HTTPS sink.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../main/core/sandbox/index.ts';
import { makeCertificates } from '../../main/core/sandbox/tls.ts';
import type { ClientJob } from '../clients/job.ts';
import { startSharedLink, type SharedLink } from './shared-link.ts';
import { startSink, type Sink } from './sink.ts';
import type { UploadFile } from './files.ts';
import { WORK_DIR } from './files.ts';

export interface Conditions {
  /** Added by the sandbox (and the sink) before every answer: one round trip per request. */
  latencyMs: number;
  /** The sandbox's cap, per request body (per flow); 0 = none. */
  bandwidthBytesPerSec: number;
  /** A cap shared by all of a client's connections (lib/shared-link.ts); 0 = none. */
  sharedBytesPerSec?: number;
}

export const LOOPBACK: Conditions = { latencyMs: 0, bandwidthBytesPerSec: 0 };

export interface Servers {
  sandbox: Sandbox;
  sink: Sink | null;
  job: ClientJob;
  close(): Promise<void>;
}

export async function startServers(file: UploadFile, conditions: Conditions, withSink: boolean): Promise<Servers> {
  const sandbox = await startSandbox({
    tls: true,
    latencyMs: conditions.latencyMs,
    bandwidthBytesPerSec: conditions.bandwidthBytesPerSec,
    // Processing happens after FINALIZE, which is where every client's clock stops; keep it short anyway.
    processingMs: 100,
    // A 1 GB upload at 1 MB chunks is ~1,000 APPENDs: the bench measures speed, not the rate limiter.
    rateLimits: { initialize: 100_000, append: 100_000, finalize: 100_000, status: 100_000 },
  });
  let sink: Sink | null = null;
  let sinkCa: string | null = null;
  if (withSink) {
    const certificates = await makeCertificates();
    sink = await startSink({
      cert: certificates.cert,
      key: certificates.key,
      latencyMs: conditions.latencyMs,
      bandwidthBytesPerSec: conditions.bandwidthBytesPerSec,
    });
    sinkCa = join(WORK_DIR, `sink-ca-${process.pid}-${Date.now()}.pem`);
    await writeFile(sinkCa, certificates.caPem);
  }
  // With a shared uplink, clients reach the server (sandbox or sink) only through the link's proxy.
  let link: SharedLink | null = null;
  const shared = conditions.sharedBytesPerSec ?? 0;
  if (shared > 0) link = await startSharedLink(new URL(sink?.url ?? sandbox.url), shared);
  const origin = link?.url ?? sandbox.url;
  const user = sandbox.users[0];
  if (!user || !sandbox.caCert) throw new Error('the sandbox started without TLS or users');
  const job: ClientJob = {
    file: file.path,
    mediaType: file.mediaType,
    mediaCategory: file.mediaCategory,
    apiBase: origin,
    uploadBase: origin,
    caPemPath: sinkCa ?? sandbox.caCert,
    consumerKey: sandbox.consumerKey,
    consumerSecret: sandbox.consumerSecret,
    token: user.token,
    tokenSecret: user.tokenSecret,
    ...(sink && { sinkUrl: link ? `${link.url}/sink` : sink.url }),
  };
  return {
    sandbox,
    sink,
    job,
    async close() {
      await link?.close();
      await sink?.close();
      await sandbox.close();
      if (sinkCa) await rm(sinkCa, { force: true });
    },
  };
}

// The ceiling: the whole file in ONE streaming HTTPS POST (no chunking, no signing, no multipart) to a
// sink on the same loopback with the same TLS stack. Nothing an uploader does can move bytes faster.
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { caOf, readJob, timed } from './job.ts';

const job = readJob();
const ca = caOf(job);
const size = statSync(job.file).size;
if (!job.sinkUrl) throw new Error('raw client needs sinkUrl');
const sinkUrl = job.sinkUrl;

await timed(async () => {
  const answer = new Promise<string>((resolve, reject) => {
    const outgoing = request(
      sinkUrl,
      { method: 'POST', ca, headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (part: string) => (text += part));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(text)
            : reject(new Error(`sink answered ${response.statusCode}: ${text}`)),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    // 1 MiB reads: the same read size the peers use for their chunks; larger reads do not go faster here.
    pipeline(createReadStream(job.file, { highWaterMark: 1_048_576 }), outgoing).catch(reject);
  });
  const received = JSON.parse(await answer) as { bytes: number };
  if (received.bytes !== size) throw new Error(`sink received ${received.bytes} of ${size} bytes`);
  return { bytes: size };
});

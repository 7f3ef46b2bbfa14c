// twitter-api-v2 (npm, dev dependency) as its users call it:
//   v1: client.v1.uploadMedia(path) — streams from a file handle, 1 MB chunks, 3 APPENDs in flight;
//   v2: client.v2.uploadMedia(buffer) — takes the whole file as a Buffer, sequential 1 MB chunks.
// Both use 1 MB chunks by default, which X cannot take past 1,000 segments (segment_index ≤ 999, reference §1):
// for a larger file the bench passes the smallest chunk that fits — what tweepy does by itself, and what a
// user must do after X's 400 — and says so in the table.
// Timed from the call to FINALIZE's answer (processing waits are the server's time, not the client's):
// the library's `post` is wrapped to notice FINALIZE, and the process reports and exits right there.
import { readFile, stat } from 'node:fs/promises';
import { TwitterApi } from 'twitter-api-v2';
import { caOf, cpuSeconds, finish, readJob } from './job.ts';
import { redirectAgent } from './redirect-agent.ts';

const mode = process.argv[3];
if (mode !== 'v1' && mode !== 'v2') throw new Error('usage: twitter-api-v2.ts <job> v1|v2');
const job = readJob();
const ca = caOf(job);
const size = (await stat(job.file)).size;
const DEFAULT_CHUNK = 1024 * 1024;
const chunk = Math.max(DEFAULT_CHUNK, Math.ceil(size / 1000));
const agent = redirectAgent(new URL(mode === 'v1' ? job.uploadBase : job.apiBase), ca);
const client = new TwitterApi(
  { appKey: job.consumerKey, appSecret: job.consumerSecret, accessToken: job.token, accessSecret: job.tokenSecret },
  { httpAgent: agent },
);

let started = 0;
let cpuAtStart = 0;
type Post = (...args: unknown[]) => Promise<unknown>;
function finishOnFinalize(target: object, isFinalize: (args: unknown[]) => boolean): void {
  const holder = target as { post: Post };
  const original = holder.post.bind(target) as Post;
  holder.post = async (...args: unknown[]) => {
    const answer = await original(...args);
    if (isFinalize(args)) {
      const media = answer as { media_id_string?: string; data?: { id?: string } };
      finish({
        ok: true,
        seconds: (performance.now() - started) / 1000,
        cpuSeconds: cpuSeconds() - cpuAtStart,
        bytes: size,
        mediaId: media.media_id_string ?? media.data?.id,
        chunkSize: chunk,
      });
    }
    return answer;
  };
}

try {
  if (mode === 'v1') {
    finishOnFinalize(client.v1, (args) => (args[1] as { command?: string } | undefined)?.command === 'FINALIZE');
    cpuAtStart = cpuSeconds();
    started = performance.now();
    await client.v1.uploadMedia(job.file, {
      mimeType: job.mediaType,
      target: 'tweet',
      ...(chunk !== DEFAULT_CHUNK && { chunkLength: chunk }),
    });
  } else {
    finishOnFinalize(client.v2, (args) => String(args[0]).endsWith('/finalize'));
    cpuAtStart = cpuSeconds();
    started = performance.now();
    // v2.uploadMedia takes a Buffer: reading the file is part of what its user must do.
    const media = await readFile(job.file);
    await client.v2.uploadMedia(
      media,
      { media_type: job.mediaType as never, media_category: job.mediaCategory as never },
      chunk,
    );
  }
  finish({ ok: false, error: 'uploadMedia returned without a FINALIZE' });
} catch (error) {
  // twitter-api-v2's ApiResponseError carries X's body; its ApiRequestError, the socket's error.
  const { data, requestError } = error as { data?: unknown; requestError?: Error };
  const errorCause = (error as { _options?: { error?: Error } })._options?.error; // where 1.29 keeps it
  const socketError = requestError ?? errorCause;
  const cause = socketError ? ` (${socketError.name}: ${socketError.message})` : '';
  const why = error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error);
  finish({ ok: false, error: data === undefined ? why : `${why} ${JSON.stringify(data)}` });
}

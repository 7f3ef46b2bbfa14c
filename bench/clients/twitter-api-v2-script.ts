// The whole-process peer in JavaScript: what a user of twitter-api-v2 (npm) writes to upload files — a loop
// over them, `await client.v1.uploadMedia(path)` each (streams from a file handle, 1 MB chunks, 3 APPENDs in
// flight, and waits for processing as the library does by default), file i as account i mod N. Timed from
// the outside by the bench (spawn to exit). Prints which media id each file got, for the sandbox's check.
import { TwitterApi } from 'twitter-api-v2';
import { caOf, finish, readJob } from './job.ts';
import { redirectAgent } from './redirect-agent.ts';

const job = readJob();
const files = job.files ?? [job.file];
const users = job.users ?? [{ token: job.token, tokenSecret: job.tokenSecret }];
const agent = redirectAgent(new URL(job.uploadBase), caOf(job));
const clients = users.map(
  (user) =>
    new TwitterApi(
      {
        appKey: job.consumerKey,
        appSecret: job.consumerSecret,
        accessToken: user.token,
        accessSecret: user.tokenSecret,
      },
      { httpAgent: agent },
    ),
);

try {
  const uploads: { file: string; mediaId: string }[] = [];
  for (const [index, file] of files.entries()) {
    const client = clients[index % clients.length] as TwitterApi;
    const mediaId = await client.v1.uploadMedia(file, { mimeType: job.mediaType, target: 'tweet' });
    uploads.push({ file, mediaId });
  }
  finish({ ok: true, uploads });
} catch (error) {
  finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}

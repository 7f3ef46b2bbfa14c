// The measured clients: how to start each one in its own process for a job.
import { join } from 'node:path';
import type { ClientName } from './args.ts';
import { builtClient, type NodeClient } from './built-clients.ts';
import type { ClientJob } from '../clients/job.ts';

const CLIENTS_DIR = join(import.meta.dirname, '..', 'clients');
export const PYTHON = '/usr/bin/python3'; // Debian's, which has python3-tweepy (not the pyenv python3 on PATH)

export interface ClientCommand {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export const CLIENT_LABELS: Record<ClientName, string> = {
  xfer: 'Xfer (engine, defaults)',
  raw: 'raw streaming POST (ceiling)',
  'twitter-api-v2-v1': 'twitter-api-v2 v1.uploadMedia',
  'twitter-api-v2-v2': 'twitter-api-v2 v2.uploadMedia',
  tweepy: 'tweepy chunked_upload',
};

export function commandFor(client: ClientName, job: ClientJob): ClientCommand {
  const node = (script: NodeClient, ...extra: string[]): ClientCommand => ({
    command: process.execPath,
    args: [builtClient(script), JSON.stringify(job), ...extra],
  });
  switch (client) {
    case 'xfer':
      // NODE_EXTRA_CA_CERTS: how a user would trust a private CA; Xfer's code path stays the shipped one.
      return { ...node('xfer'), env: { ...process.env, NODE_EXTRA_CA_CERTS: job.caPemPath } };
    case 'raw':
      return node('raw');
    case 'twitter-api-v2-v1':
      return node('twitter-api-v2', 'v1');
    case 'twitter-api-v2-v2':
      return node('twitter-api-v2', 'v2');
    case 'tweepy':
      return {
        command: PYTHON,
        args: [join(CLIENTS_DIR, 'tweepy_upload.py'), JSON.stringify(job)],
        env: { ...process.env, REQUESTS_CA_BUNDLE: job.caPemPath, PYTHONDONTWRITEBYTECODE: '1' },
      };
  }
}

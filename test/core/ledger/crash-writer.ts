// Child process for the kill -9 test: opens the ledger and writes acks and transitions as fast as it can,
// printing each committed step, until the parent kills it. If the parent is gone (an aborted test run), it
// stops: the loop is synchronous, so a broken stdout pipe alone would never end it.
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import { newSession, testAccount } from '../../fakes/session-builder.ts';

const path = process.argv[2];
const parent = process.ppid;
if (!path) throw new Error('usage: crash-writer.ts LEDGER_PATH');
const ledger = Ledger.open(path);
ledger.insertAccount(testAccount('a1'));
const session = ledger.insertSession(
  newSession({ id: 'crash', accountId: 'a1', totalBytes: 1_000_000, segmentsTotal: 10_000 }),
);
ledger.transition(session.id, ['ready'], 'uploading', { mediaId: '1880028106020515840' });
for (let index = 0; ; index++) {
  ledger.ackSegment(session.id, index, 100);
  if (index % 50 === 49) {
    // A pause and a resume: two more transactions between acks.
    ledger.transition(session.id, ['uploading'], 'ready', { notice: `paused at ${index}` });
    ledger.transition(session.id, ['ready'], 'uploading', { notice: null });
    if (process.ppid !== parent) process.exit(1);
  }
  process.stdout.write(`${index}\n`);
}

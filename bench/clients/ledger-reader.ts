// The load for the ledger benchmark: a second process that lists the newest 200 sessions and counts them
// by state in a loop, as the sessions screen and the CLI's `status` would, until it is told to stop.
import { Ledger } from '../../main/core/ledger/index.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: ledger-reader.ts <ledger path>');
const ledger = Ledger.open(path);
let lists = 0;
let stopping = false;
process.on('SIGTERM', () => (stopping = true));
process.stdout.write('looping\n');
const loop = (): void => {
  for (let round = 0; round < 20; round += 1) {
    ledger.listSessions({ limit: 200 });
    ledger.countByState();
    lists += 1;
  }
  if (stopping) {
    ledger.close();
    process.stdout.write(`lists=${lists}\n`, () => process.exit(0));
    return;
  }
  setImmediate(loop);
};
loop();

/**
 * The import worker: reads, parses and normalises one file (everything before the database) on
 * its own thread while the main thread writes the previous batches. Rows go out packed (see
 * row-batch.ts); at most WINDOW batches are in flight, so memory stays flat whatever the file
 * size. Errors go out as data (see worker-protocol.ts).
 *
 * Meanwhile the worker syncs the database's WAL in the background (wal-flusher.ts), so that
 * COMMIT's own sync finds little left to write.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TABLES } from '../db/tables.js';
import type { Problem } from '../errors.js';
import { readImportFile, type FileSink } from './read-file.js';
import { RowPacker } from './row-batch.js';
import { WalFlusher } from './wal-flusher.js';
import { errorToWire, type ImportWorkerData, type WorkerMessage } from './worker-protocol.js';

/** Messages of rows posted but not yet written by the main thread. */
const WINDOW = 8;
/** Rows per message: small messages keep each one's text out of V8's large-object space. */
const MESSAGE_ROWS = 512;
/** A message is posted early once it holds this much text. */
const MAX_TEXT = 1024 * 1024;

const port = parentPort;
if (port === null) throw new Error('import-worker.js runs as a worker thread');
// Built by runImport on the main thread from the same type.
const { job, walPath } = workerData as ImportWorkerData;
const flusher = walPath === undefined ? undefined : new WalFlusher(walPath);

let sent = 0;
let written = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
  written++;
  wake?.();
});

const post = (message: WorkerMessage): void => {
  if (message.type === 'rows' && message.rows) {
    const { ends, kinds, aux, lines } = message.rows;
    port.postMessage(message, [ends.buffer, kinds.buffer, aux.buffer, lines.buffer]);
  } else {
    port.postMessage(message);
  }
};

const packer = new RowPacker(TABLES[job.entity].columns.length, MESSAGE_ROWS);
let rejects: { problems: Problem[]; fields: string[] }[] = [];
let lastRowsRead = 0;

const send = (rowsRead: number): void => {
  lastRowsRead = rowsRead;
  const rows = packer.count > 0 ? packer.take() : undefined;
  post({ type: 'rows', ...(rows ? { rows } : {}), rejects, rowsRead });
  rejects = [];
  sent++;
};

const sink: FileSink = {
  header: (header) => post({ type: 'header', header }),
  row: (values, line) => {
    packer.push(values, line);
    if (packer.count >= MESSAGE_ROWS || packer.textLength >= MAX_TEXT) send(lastRowsRead);
  },
  reject: (problems, fields) => {
    rejects.push({ problems, fields });
  },
  flush: async (rowsRead) => {
    if (packer.count > 0 || rejects.length > 0 || rowsRead !== lastRowsRead) send(rowsRead);
    flusher?.kick();
    while (sent - written >= WINDOW) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  },
};

try {
  const result = await readImportFile(job, sink);
  flusher?.close();
  post({ type: 'done', result });
} catch (err) {
  post({ type: 'error', error: errorToWire(err) });
}

/**
 * Flushes the database's write-ahead log to disk while a long import transaction is still
 * running. SQLite writes pages to the WAL as its cache fills and syncs the file once, at COMMIT;
 * by then a large import has left hundreds of MB for that one fsync. Syncing the same file
 * earlier, on the thread pool (kicked by the import worker while it reads, then once by the main
 * thread before the index builds), overlaps that disk work with parsing and writing. It only
 * adds syncs: SQLite still syncs at COMMIT (synchronous=FULL), so durability is unchanged; a
 * failed or skipped early sync costs nothing but time.
 *
 * The file is only opened for reading and never written, locked or closed while SQLite could
 * be relying on a lock (SQLite keeps its WAL locks in the -shm file).
 */
import { closeSync, fdatasync, openSync } from 'node:fs';

export class WalFlusher {
  private fd: number | undefined;
  private busy = false;
  private closed = false;

  constructor(private readonly walPath: string) {}

  private open(): number | undefined {
    if (this.fd === undefined && !this.closed) {
      try {
        this.fd = openSync(this.walPath, 'r');
      } catch {
        return undefined; // not created yet
      }
    }
    return this.fd;
  }

  /** Starts a background sync unless one is running. */
  kick(): void {
    if (this.busy) return;
    const fd = this.open();
    if (fd === undefined) return;
    this.busy = true;
    fdatasync(fd, () => {
      this.busy = false;
      if (this.closed) this.release();
    });
  }

  close(): void {
    this.closed = true;
    if (!this.busy) this.release();
  }

  private release(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

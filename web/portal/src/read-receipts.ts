/**
 * B2: the firm sees when the client first opened each update. The portal says so once per
 * update it shows (the API keeps the first time only, so this saves requests, not truth);
 * never while staff simulate the client, whose looking must leave no trace.
 */
export interface Reader {
  id: string;
  simulated_by?: string | null;
}

export class ReadReceipts {
  private readonly sent = new Set<string>();

  constructor(private readonly send: (matterId: string, updateId: string) => Promise<unknown>) {}

  seen(reader: Reader, matterId: string, updateId: string): void {
    if (reader.simulated_by) return;
    const key = `${reader.id}/${matterId}/${updateId}`;
    if (this.sent.has(key)) return;
    this.sent.add(key);
    // Not recorded (offline, say): the next time the update is shown says it again.
    this.send(matterId, updateId).catch(() => this.sent.delete(key));
  }
}

/** A read of a published pitch by someone other than its owner. */
export interface PitchViewEvent {
  pitchId: string;
  /** A digest identifying the reader (user id, or network address); never an address in clear. */
  viewer: string;
  atMs: number;
}

/**
 * Counts views without a database write on the read path: `record` only buffers; buffered views
 * are written in batches. Counting is once per pitch, viewer and UTC day, across instances.
 */
export interface PitchViewRecorder {
  record(event: PitchViewEvent): void;
  /** Writes everything buffered now (tests, shutdown); resolves when written. */
  flush(): Promise<void>;
}

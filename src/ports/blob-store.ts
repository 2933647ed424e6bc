/** Large bytes (audio, long transcripts) kept outside the queue and the store; keys are opaque strings. */
export interface BlobStore {
  put(key: string, data: Uint8Array): Promise<void>;
  /** Throws BlobNotFoundError when absent. */
  get(key: string): Promise<Uint8Array>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

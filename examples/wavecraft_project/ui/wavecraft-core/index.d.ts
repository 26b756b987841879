// Types of the stand-in `@wavecraft/core` (see index.js).

export function registerAvailableProcessors(ids: readonly string[]): void;
export function getAvailableProcessors(): string[];

export class JsonRpcError extends Error {
  code: number;
  data?: unknown;
}

export interface WavecraftClient {
  readonly url: string;
  readonly ready: Promise<void>;
  readonly connected: boolean;
  request<T = unknown>(method: string, params?: unknown): Promise<T>;
  onNotification(handler: (method: string, params: any) => void): () => void;
  onClose(handler: () => void): () => void;
  close(): void;
}

export function connect(url: string, options?: { timeoutMs?: number }): WavecraftClient;

// Stand-in for `@wavecraft/core`, which a real `wavecraft create` project takes
// from npm. It holds only what this example and the files the host generates
// (`src/generated/processors.ts`, `src/generated/parameters.ts`) use:
//
//   registerAvailableProcessors(ids) / getAvailableProcessors()
//   connect(url) -> { ready, request(method, params), onNotification(handler),
//                     onClose(handler), close() }   (JSON-RPC 2.0 over WebSocket)
//
// The WebSocket URL is chosen by the app, not here.

let availableProcessors = [];

/** Called by the generated `src/generated/processors.ts`. */
export function registerAvailableProcessors(ids) {
  availableProcessors = Array.from(ids ?? [], String);
}

/** The processor ids last registered (signal-chain processors of the plugin). */
export function getAvailableProcessors() {
  return availableProcessors.slice();
}

/** An error answer of the server: `code`, `message` and optional `data`. */
export class JsonRpcError extends Error {
  constructor(error) {
    super(error && typeof error.message === 'string' ? error.message : 'JSON-RPC error');
    this.name = 'JsonRpcError';
    this.code = error && typeof error.code === 'number' ? error.code : -32603;
    this.data = error ? error.data : undefined;
  }
}

/**
 * Opens a JSON-RPC 2.0 connection. Requests made before the socket is open
 * wait for it; they all reject when it closes. No reconnection: open a new
 * connection after `onClose` fires.
 */
export function connect(url, { timeoutMs = 5000 } = {}) {
  const socket = new WebSocket(url);
  const pending = new Map();
  const notificationHandlers = new Set();
  const closeHandlers = new Set();
  let nextId = 1;
  let closed = false;

  const ready = new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener(
      'close',
      () => reject(new Error(`WebSocket ${url} closed before it opened`)),
      { once: true },
    );
  });
  ready.catch(() => {});

  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!message || message.jsonrpc !== '2.0') return;
    if (!('id' in message)) {
      if (typeof message.method === 'string') {
        for (const handler of notificationHandlers) {
          try {
            handler(message.method, message.params ?? {});
          } catch (error) {
            console.error('[wavecraft] notification handler failed', error);
          }
        }
      }
      return;
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.error) entry.reject(new JsonRpcError(message.error));
    else entry.resolve(message.result);
  });

  socket.addEventListener('close', () => {
    closed = true;
    for (const entry of pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(new Error('WebSocket closed'));
    }
    pending.clear();
    for (const handler of closeHandlers) handler();
  });

  async function request(method, params) {
    if (closed) throw new Error('WebSocket closed');
    await ready;
    const id = nextId++;
    const message = { jsonrpc: '2.0', id, method };
    if (params !== undefined) message.params = params;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify(message));
    });
  }

  return {
    url,
    ready,
    request,
    /** handler(method, params) for every server notification; returns an unsubscribe function. */
    onNotification(handler) {
      notificationHandlers.add(handler);
      return () => notificationHandlers.delete(handler);
    },
    /** handler() once the socket has closed (or failed to open). */
    onClose(handler) {
      closeHandlers.add(handler);
      return () => closeHandlers.delete(handler);
    },
    get connected() {
      return socket.readyState === WebSocket.OPEN;
    },
    close() {
      socket.close();
    },
  };
}

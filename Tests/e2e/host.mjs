// Starts wavecraft-host and talks JSON-RPC to it over a real WebSocket (the ws package).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';

export const hostBinary = process.env.WAVECRAFT_HOST ?? path.resolve('build/release/wavecraft-host');
export const testPluginDir = process.env.WAVECRAFT_TEST_PLUGIN_DIR ?? path.resolve('build/release/Tests/plugins');
export const testPlugin = (name) => path.join(testPluginDir, `${name}.so`);

/** Runs the host on the Virtual device, headless unless asked for a window
    (then `env` gives it a DISPLAY); resolves once it prints its URL.
*/
export async function startHost (extraArgs = [], { plugin = testPlugin('tp_v2'), headless = true, env = process.env } = {}) {
    const args = [...(headless ? ['--headless'] : []), '--port', '0', '--device-type', 'Virtual', '--input-source', 'sine:1000',
                  '--buffer-size', '256', '--plugin', plugin, ...extraArgs];
    const child = spawn(hostBinary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });

    const url = await new Promise((resolve, reject) => {
        let stdout = '';
        const timer = setTimeout(() => reject(new Error(`host did not start:\n${stderr}`)), 10000);
        child.stdout.on('data', (chunk) => {
            stdout += chunk;
            const match = stdout.match(/^listening (ws:\/\/127\.0\.0\.1:\d+)$/m);
            if (match) { clearTimeout(timer); resolve(match[1]); }
        });
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`host exited ${code}:\n${stderr}`)); });
    });

    return {
        url,
        child,
        stderr: () => stderr,
        async stop () {
            if (child.exitCode !== null) return child.exitCode;
            child.kill('SIGTERM');
            const [code] = await once(child, 'exit');
            return code;
        },
    };
}

/** A connected client that matches responses to requests and records notifications. */
export async function connect (url, options = {}) {
    const ws = new WebSocket(url, options);
    await once(ws, 'open');
    const pending = new Map();
    const notifications = [];
    const raw = [];
    let nextId = 1;

    ws.on('message', (data) => {
        const text = data.toString();
        raw.push(text);
        const message = JSON.parse(text);
        const messages = Array.isArray(message) ? message : [message];
        for (const m of messages) {
            if ('id' in m && pending.has(JSON.stringify(m.id))) {
                pending.get(JSON.stringify(m.id))(m);
                pending.delete(JSON.stringify(m.id));
            } else if (!('id' in m)) {
                notifications.push(m);
            }
        }
    });

    return {
        ws,
        notifications,
        raw,
        /** Sends a request; resolves with the whole response object. */
        request (method, params, id = nextId++) {
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no answer to ${method}`)), 5000);
                pending.set(JSON.stringify(id), (m) => { clearTimeout(timer); resolve(m); });
                const message = { jsonrpc: '2.0', id, method };
                if (params !== undefined) message.params = params;
                ws.send(JSON.stringify(message));
            });
        },
        /** Sends raw text and resolves with the next response that has an id (or null id). */
        sendRaw (text) {
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error('no answer')), 5000);
                const before = raw.length;
                const check = () => {
                    for (let i = before; i < raw.length; ++i) {
                        const m = JSON.parse(raw[i]);
                        if (Array.isArray(m) || 'id' in m) { clearTimeout(timer); ws.off('message', check); resolve(m); return; }
                    }
                };
                ws.on('message', check);
                ws.send(text);
            });
        },
        close () { ws.close(); },
    };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` (which may be async) holds; throws naming `what` after `timeoutMs`. */
export async function waitFor (condition, what, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (await condition()) return;
        await sleep(20);
    }
    throw new Error(`timed out waiting for ${what}`);
}

/** Resolves with the HTTP status of a refused handshake, or 101. */
export function handshakeStatus (url, headers = {}) {
    return new Promise((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('open', () => { ws.close(); resolve(101); });
        ws.on('unexpected-response', (request, response) => { resolve(response.statusCode); request.destroy(); });
        ws.on('error', () => {});
    });
}

/** A port that was free a moment ago (the kernel picks it). */
export async function freePort () {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address();
    server.close();
    await once(server, 'close');
    return port;
}

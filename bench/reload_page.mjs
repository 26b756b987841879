// What a developer waits for after a rebuild, seen from a browser page: the
// time from a new build renamed over the plugin file to the page's
// `parametersChanged`, through the real host binary (headless, the Virtual
// device), the plugin isolated in a worker as the host runs it by default
// or in-process. The two example plugins alternate, 300 ms apart.
//
// The peer, in the same run: the same page's round trip of a `ping`, the
// least any notice can take to reach it.
//
// usage: node bench/reload_page.mjs [HOST_BINARY] [ROUNDS] [--in-process]
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from '../Tests/e2e/node_modules/ws/wrapper.mjs';

const hostBinary = path.resolve(process.argv[2] ?? 'build/release/wavecraft-host');
const rounds = Number(process.argv[3] ?? 20);
const inProcess = process.argv.includes('--in-process');
const builds = ['libwavecraft_example_gain.so', 'libwavecraft_example_filter.so'].map((name) => path.join(path.dirname(hostBinary), name));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function startHost (plugin) {
    const args = ['--headless', '--port', '0', '--device-type', 'Virtual', '--buffer-size', '128', '--input-source', 'sine', '--plugin', plugin];
    const child = spawn(hostBinary, inProcess ? [...args, '--in-process'] : args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    for await (const chunk of child.stdout) {
        out += chunk;
        const match = out.match(/listening (ws:\S+)/);
        if (match) return { url: match[1], child };
    }
    throw new Error('the host did not start');
}

function connect (url) {
    const socket = new WebSocket(url);
    const waiting = new Map();
    let nextId = 1, onNotice = null;
    socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.id !== undefined && waiting.has(message.id)) { waiting.get(message.id)(message); waiting.delete(message.id); }
        else if (message.method === 'parametersChanged' && onNotice) onNotice();
    });
    return new Promise((resolve) => socket.once('open', () => resolve({
        call: (method) => new Promise((done) => { const id = nextId++; waiting.set(id, done); socket.send(JSON.stringify({ jsonrpc: '2.0', id, method })); }),
        nextParametersChanged: () => new Promise((done) => { onNotice = () => { onNotice = null; done(); }; }),
        close: () => socket.close(),
    })));
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-reload-page-'));
const pluginFile = path.join(folder, 'libplugin.so');
copyFileSync(builds[0], pluginFile);
const host = await startHost(pluginFile);
const page = await connect(host.url);
await sleep(1000); // started, and a spare worker ready

const reloadMs = [], pingMs = [];
for (let round = 0; round < rounds; ++round) {
    const incoming = path.join(folder, 'incoming.so');
    copyFileSync(builds[(round + 1) % 2], incoming);
    await sleep(300);

    const heard = page.nextParametersChanged();
    const started = process.hrtime.bigint();
    renameSync(incoming, pluginFile);
    await heard;
    reloadMs.push(Number(process.hrtime.bigint() - started) / 1e6);

    const pinged = process.hrtime.bigint();
    await page.call('ping');
    pingMs.push(Number(process.hrtime.bigint() - pinged) / 1e6);
}

page.close();
host.child.kill('SIGTERM');
rmSync(folder, { recursive: true, force: true });
console.log(`plugin ${inProcess ? 'in-process' : 'isolated (a worker process)'}, ${rounds} rebuilds renamed over it, 128-frame blocks at 48 kHz`);
console.log(`rename to parametersChanged at the page: median ${median(reloadMs).toFixed(2)} ms, worst ${Math.max(...reloadMs).toFixed(2)} ms (goal: median <= 15 ms isolated)`);
console.log(`the page's ping round trip: median ${median(pingMs).toFixed(2)} ms; reload/ping ratio ${(median(reloadMs) / median(pingMs)).toFixed(1)}`);

// wavecraft-host's WebSocket server against a small Node `ws` server that
// answers `ping` the same way, measured in the same run with the same client
// (wavecraft_ws_load, a one-thread C++ client fast enough not to be the
// limit), with 1 and 64 clients:
//   - latency: each client keeps one request in flight and sends the next when
//     the answer arrives; round trip p50/p99 (and the rate this allows, which
//     is one over the mean round trip, so bounded by the loopback floor);
//   - throughput: each client keeps 16 requests in flight, as a UI sending a
//     burst of calls does; requests answered per second, what the server
//     sustains.
// Then pages as @wavecraft/core makes them: 64 clients plus 4 more connections
// (ws, in this process), each asking getOscilloscopeFrame at 60 Hz, against
// the host and the Node peer; the servers' CPU per answer, and the host's CPU
// per ping at the same rate. Then the host's message-thread CPU while 64
// clients receive 60 Hz meters.
//
// Each case runs ROUNDS times, both servers back to back in each round (which
// one goes first alternates), and the ratios reported are the median of the
// rounds' ratios: a VM's slow drifts then hit both servers alike.
//
// usage: node bench/ws_bench.mjs [HOST_BINARY] [SECONDS_PER_CASE] [ROUNDS]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from '../Tests/e2e/node_modules/ws/wrapper.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const hostBinary = path.resolve(process.argv[2] ?? 'build/release/wavecraft-host');
const seconds = Number(process.argv[3] ?? 3);
const rounds = Number(process.argv[4] ?? 5);
const loadClient = path.join(path.dirname(hostBinary), 'wavecraft_ws_load');
const floorTool = path.join(path.dirname(hostBinary), 'wavecraft_loopback_floor');

async function startHost () {
    const child = spawn(hostBinary, ['--headless', '--port', '0', '--device-type', 'Virtual'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    for await (const chunk of child.stdout) {
        out += chunk;
        const match = out.match(/listening (ws:\S+)/);
        if (match) return { url: match[1], child, pid: child.pid };
    }
    throw new Error('host did not start');
}

function startNodeServer () {
    const child = spawn(process.execPath, [path.join(here, 'node_ping_server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve) => child.stdout.once('data', (d) => resolve({ url: d.toString().trim(), child })));
}

/** A process's CPU time so far (all threads), in seconds. */
function cpuSeconds (pid, thread = null) {
    const file = thread === null ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime; Linux CLK_TCK is 100
}

/** What no server can beat with one closed-loop client on this machine (LoopbackFloor.cpp). */
async function measureFloor () {
    const tool = spawn(floorTool, ['20000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    for await (const chunk of tool.stdout) out += chunk;
    return JSON.parse(out);
}

/** Runs the C++ load client (wavecraft_ws_load, built beside the host) against one server. */
async function measure (url, clients, inFlight, pid) {
    const cpuBefore = cpuSeconds(pid);
    const load = spawn(loadClient, [url, String(clients), String(seconds), '0.5', String(inFlight)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    for await (const chunk of load.stdout) out += chunk;
    const result = JSON.parse(out);
    const cpu = cpuSeconds(pid) - cpuBefore;
    // CPU per answered request: what the server itself spends, whoever limits the rate.
    return { p50: result.p50_us, p99: result.p99_us, rps: result.rps, cpuPerRequest: cpu * 1e6 / Math.max(1, result.requests) };
}

const host = await startHost();
const node = await startNodeServer();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values) => `${Math.min(...values).toFixed(2)}..${Math.max(...values).toFixed(2)}`;

const cases = [
    { clients: 1, inFlight: 1, goal: 'latency' },
    { clients: 64, inFlight: 1, goal: 'latency' },
    { clients: 1, inFlight: 16, goal: 'throughput' },
    { clients: 64, inFlight: 16, goal: 'throughput' },
];

for (const { clients, inFlight, goal } of cases) {
    const results = [];
    const label = `${String(clients).padStart(2)} client(s), ${String(inFlight).padStart(2)} in flight`;
    for (let round = 0; round < rounds; ++round) {
        // Alternate which server goes first so neither always gets the warmer machine.
        const order = round % 2 === 0 ? [['host', host], ['node', node]] : [['node', node], ['host', host]];
        const result = {};
        for (const [name, server] of order) result[name] = await measure(server.url, clients, inFlight, server.child.pid);
        if (clients === 1 && inFlight === 1) result.floor = await measureFloor(); // in the same round, so on the same machine state
        results.push(result);
        console.log(`  round ${round + 1}, ${label}: host p50 ${result.host.p50.toFixed(0)} us, p99 ${result.host.p99.toFixed(0)} us, `
                    + `${result.host.rps.toFixed(0)} req/s, ${result.host.cpuPerRequest.toFixed(1)} us CPU/request | `
                    + `node ws p50 ${result.node.p50.toFixed(0)} us, p99 ${result.node.p99.toFixed(0)} us, `
                    + `${result.node.rps.toFixed(0)} req/s, ${result.node.cpuPerRequest.toFixed(1)} us CPU/request`);
    }
    const p99Ratios = results.map((r) => r.host.p99 / r.node.p99);
    const rpsRatios = results.map((r) => r.host.rps / r.node.rps);
    const rates = `host ${median(results.map((r) => r.host.rps)).toFixed(0)} req/s vs node ${median(results.map((r) => r.node.rps)).toFixed(0)} req/s`;
    if (goal === 'latency') {
        console.log(`${label}, median of ${rounds} rounds: LATENCY p99 ratio ${median(p99Ratios).toFixed(2)} (${range(p99Ratios)}; goal <= 1); `
                    + `p50 ratio ${median(results.map((r) => r.host.p50 / r.node.p50)).toFixed(2)}; `
                    + `closed-loop rate ratio ${median(rpsRatios).toFixed(2)} (${range(rpsRatios)}), ${rates}`);
    } else {
        console.log(`${label}, median of ${rounds} rounds: THROUGHPUT ratio ${median(rpsRatios).toFixed(2)} (${range(rpsRatios)}; goal >= 2), `
                    + `${rates}; p99 ratio ${median(p99Ratios).toFixed(2)}`);
    }

    if (clients === 1 && inFlight === 1) {
        const roundTrip = (name) => median(results.map((r) => 1e6 / r[name].rps));
        console.log(`   mean round trip: host ${roundTrip('host').toFixed(1)} us, node ${roundTrip('node').toFixed(1)} us | loopback floor, a 50-byte TCP echo `
                    + `with no WebSocket or JSON: ${median(results.map((r) => r.floor.spinning_rtt_us)).toFixed(1)} us spinning, `
                    + `${median(results.map((r) => r.floor.sleeping_rtt_us)).toFixed(1)} us sleeping in poll`);
    }
}

/** `clients` pages each asking `method` at 60 Hz for a while: the server's CPU per answer and in all. */
async function measurePages (server, method, clients) {
    const pages = await Promise.all(Array.from({ length: clients }, async () => {
        const ws = new WebSocket(server.url);
        await once(ws, 'open');
        const page = { ws, answers: 0, id: 0 };
        ws.on('message', (data) => { if (data.includes('"id"')) ++page.answers; });
        page.timer = setInterval(() => ws.send(JSON.stringify({ jsonrpc: '2.0', id: ++page.id, method })), 1000 / 60);
        return page;
    }));
    await new Promise((r) => setTimeout(r, 1000));
    const answersBefore = pages.reduce((s, p) => s + p.answers, 0), cpuBefore = cpuSeconds(server.child.pid), start = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const elapsed = (Date.now() - start) / 1000, cpu = cpuSeconds(server.child.pid) - cpuBefore;
    const answers = pages.reduce((s, p) => s + p.answers, 0) - answersBefore;
    const served = pages.filter((p) => p.answers > 0).length;
    pages.forEach((p) => { clearInterval(p.timer); p.ws.terminate(); });
    return { cpuPerAnswer: cpu * 1e6 / Math.max(1, answers), corePercent: cpu / elapsed * 100, rate: answers / clients / elapsed, served };
}

const pageClients = 68;
const pageResults = [];
for (let round = 0; round < rounds; ++round) {
    const result = { hostScope: await measurePages(host, 'getOscilloscopeFrame', pageClients),
                     nodeScope: await measurePages(node, 'getOscilloscopeFrame', pageClients),
                     hostPing: await measurePages(host, 'ping', pageClients) };
    pageResults.push(result);
    console.log(`  round ${round + 1}, ${pageClients} pages at 60 Hz: host scope ${result.hostScope.cpuPerAnswer.toFixed(1)} us CPU/answer `
                + `(${result.hostScope.corePercent.toFixed(1)}% of a core, ${result.hostScope.served}/${pageClients} pages served at ${result.hostScope.rate.toFixed(1)}/s), `
                + `host ping ${result.hostPing.cpuPerAnswer.toFixed(1)} us, node scope ${result.nodeScope.cpuPerAnswer.toFixed(1)} us`);
}
const scopeToPing = pageResults.map((r) => r.hostScope.cpuPerAnswer / r.hostPing.cpuPerAnswer);
const scopeToNode = pageResults.map((r) => r.hostScope.cpuPerAnswer / r.nodeScope.cpuPerAnswer);
console.log(`${pageClients} pages asking getOscilloscopeFrame at 60 Hz, median of ${rounds} rounds: host CPU per scope answer `
            + `${median(scopeToPing).toFixed(2)}x its ping (${range(scopeToPing)}; goal <= 3), ${median(scopeToNode).toFixed(2)}x Node's `
            + `(${range(scopeToNode)}; goal <= 0.33); host ${median(pageResults.map((r) => r.hostScope.corePercent)).toFixed(1)}% of a core (goal < 10%); `
            + `pages served ${Math.min(...pageResults.map((r) => r.hostScope.served))}/${pageClients}`);

node.child.kill();


// The message thread (the process's main thread) while 64 clients take meters.
const meterClients = await Promise.all(Array.from({ length: 64 }, async () => {
    const ws = new WebSocket(host.url);
    await once(ws, 'open');
    let meters = 0;
    ws.on('message', () => { ++meters; });
    return { ws, count: () => meters };
}));
const ticks = () => cpuSeconds(host.pid, host.pid) * 100;
await new Promise((r) => setTimeout(r, 1000));
const before = ticks(), countBefore = meterClients.reduce((s, c) => s + c.count(), 0), start = Date.now();
await new Promise((r) => setTimeout(r, 10000));
const elapsed = (Date.now() - start) / 1000;
const cpu = (ticks() - before) / 100 / elapsed * 100; // Linux CLK_TCK is 100
const rate = (meterClients.reduce((s, c) => s + c.count(), 0) - countBefore) / 64 / elapsed;
console.log(`message thread CPU with 64 clients at ${rate.toFixed(1)} meterUpdate/s each: ${cpu.toFixed(2)}% of a core (goal < 3%)`);
meterClients.forEach((c) => c.ws.terminate());
host.child.kill('SIGTERM');
await once(host.child, 'exit');

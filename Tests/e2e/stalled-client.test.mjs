// A page that stops reading (a tab paused at a breakpoint in DevTools) after
// pipelining scope requests must not hold up any other page: the real host,
// with 2, 3, 4, 5 and 8 clients connected, one of them stalled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startHost, connect, sleep, waitFor } from './host.mjs';

const pipelinedRequests = 4000;
const secondsWatched = 4;

let host;
before(async () => { host = await startHost(['--max-clients', '16']); });
after(async () => { assert.equal(await host.stop(), 0, 'the host exits 0 on SIGTERM'); });

/** The host's resident memory now, in MiB. */
const residentMiB = () => Number(readFileSync(`/proc/${host.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) / 1024;

/** A client that pipelines `count` scope requests and then reads nothing more. */
async function connectStalled (count) {
    const client = await connect(host.url);
    client.ws._socket.pause(); // the kernel's receive buffer fills, and then the host's send buffer
    for (let i = 0; i < count; ++i)
        client.ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'getOscilloscopeFrame' }));
    return client;
}

/** One reading client's meterUpdates in each second and its ping round trips, for `seconds`. */
async function watch (client, seconds) {
    const perSecond = [];
    const pings = [];
    const started = performance.now();

    for (let second = 0; second < seconds; ++second) {
        const before = client.notifications.length;
        const secondEnds = started + (second + 1) * 1000;

        while (performance.now() < secondEnds - 100) {
            const sent = performance.now();
            const answer = await Promise.race([client.request('ping'), sleep(1000).then(() => null)]);
            pings.push(answer === null ? Infinity : performance.now() - sent);
            await sleep(50);
        }

        await sleep(Math.max(0, secondEnds - performance.now()));
        perSecond.push(client.notifications.slice(before).filter((n) => n.method === 'meterUpdate').length);
    }

    return { perSecond, pings };
}

for (const numClients of [2, 3, 4, 5, 8]) {
    test(`${numClients} clients, one stalled after ${pipelinedRequests} scope requests: the others keep their meters and pings`, async () => {
        const memoryBefore = residentMiB();
        const readers = await Promise.all(Array.from({ length: numClients - 1 }, () => connect(host.url)));
        const stalled = await connectStalled(pipelinedRequests);
        await sleep(200); // the host is answering the stalled page's backlog by now

        const results = await Promise.all(readers.map((client) => watch(client, secondsWatched)));
        const memoryStalled = residentMiB();

        results.forEach(({ perSecond, pings }, index) => {
            const slowest = Math.max(...pings);
            console.log(`${numClients} clients, reader ${index + 1}: meterUpdate/s ${perSecond.join(', ')}; `
                        + `${pings.length} pings, slowest ${slowest.toFixed(1)} ms`);
            assert.ok(perSecond.every((count) => count >= 30), `reader ${index + 1}: meterUpdate per second ${perSecond.join(', ')}, want >= 30 in each`);
            assert.ok(slowest < 100, `reader ${index + 1}: the slowest of ${pings.length} pings took ${slowest.toFixed(1)} ms, want < 100`);
        });

        // The stalled page's answers wait in bounded memory, never dropped:
        // once it reads again, every one of them arrives, in order.
        console.log(`${numClients} clients: host resident memory ${memoryBefore.toFixed(1)} MiB before, ${memoryStalled.toFixed(1)} MiB with the stalled page`);
        assert.ok(memoryStalled - memoryBefore < 32, `the host grew by ${(memoryStalled - memoryBefore).toFixed(1)} MiB beside a stalled page`);

        const answerIds = [];
        let parsed = 0;
        const collectAnswers = () => {
            for (; parsed < stalled.raw.length; ++parsed) {
                const message = JSON.parse(stalled.raw[parsed]);
                if ('id' in message) answerIds.push(message.id);
            }
            return answerIds.length;
        };
        assert.equal(collectAnswers(), 0, 'the stalled page had read none of its answers');
        stalled.ws._socket.resume();
        await waitFor(() => collectAnswers() >= pipelinedRequests, `all ${pipelinedRequests} scope answers to reach the page that reads again`, 20000);
        assert.deepEqual(answerIds, Array.from({ length: pipelinedRequests }, (_, i) => i), 'every answer, once, in order');

        stalled.close();
        readers.forEach((client) => client.close());
        await waitFor(async () => {
            const probe = await connect(host.url);
            const { result } = await probe.request('ping');
            probe.close();
            return result.pong === true;
        }, 'the host to serve a new client afterwards');
        await sleep(300);
    });
}

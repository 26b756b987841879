// A page on examples/embed_in_juce_project's server, over a real WebSocket:
// lists the parameters, sets one, hears the app's own change, the device
// switch and the meters, and prints what it saw as one JSON line.
//
//   node Tests/e2e/embed-page.mjs ws://127.0.0.1:PORT
import WebSocket from 'ws';

const socket = new WebSocket(process.argv[2]);
const seen = { parameters: [], changes: [], statuses: [], meterUpdates: 0, peak: 0 };
let nextId = 1;
const pending = new Map();

const call = (method, params = {}) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
});

socket.on('message', (data) => {
    const message = JSON.parse(data.toString());

    if (message.id !== undefined) {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
    } else if (message.method === 'meterUpdate') {
        seen.meterUpdates++;
        seen.peak = Math.max(seen.peak, message.params.left_peak, message.params.right_peak);
    } else if (message.method === 'parameterChanged') {
        seen.changes.push(message.params);
    } else if (message.method === 'audioStatusChanged') {
        seen.statuses.push(message.params);
    }
});

await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
seen.parameters = (await call('getAllParameters')).result.parameters.map((p) => p.id);
seen.setCutoff = (await call('setParameter', { id: 'cutoff', value: 500 })).result;
await new Promise((resolve) => setTimeout(resolve, 3000));
seen.status = (await call('getAudioStatus')).result.status;
socket.close();
console.log(JSON.stringify(seen));

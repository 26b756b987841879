// The peer for ws_bench.mjs: a Node `ws` server on 127.0.0.1 that answers
// JSON-RPC `ping` exactly as wavecraft-host does, and `getOscilloscopeFrame`
// with a frame of the contract's shape (1024 points a channel) written with
// JSON.stringify for each answer. Prints its URL, then serves.
import { WebSocketServer } from '../Tests/e2e/node_modules/ws/wrapper.mjs';

const points = (phase) => Array.from({ length: 1024 }, (_, i) => Math.fround(0.5 * Math.sin(phase + i * 2 * Math.PI / 48)));
const frame = { points_l: points(0), points_r: points(1), sample_rate: 48000, timestamp: Date.now(), no_signal: false,
                trigger_mode: 'risingZeroCrossing' };

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (ws) => {
    ws.on('message', (data) => {
        const request = JSON.parse(data.toString());
        if (request.method === 'ping')
            ws.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { pong: true } }));
        else if (request.method === 'getOscilloscopeFrame')
            ws.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { frame } }));
    });
});
server.on('listening', () => console.log(`ws://127.0.0.1:${server.address().port}`));

// A page on examples/embed_in_juce_project's server, over a real WebSocket:
// lists the parameters, sets one, hears the app's own change, the device
// switch and the meters, and prints what it saw as one JSON line.
//
//   node Tests/e2e/embed-page.mjs ws://127.0.0.1:PORT
import { openRpc } from './rpc.mjs';

const seen = { parameters: [], changes: [], statuses: [], meterUpdates: 0, peak: 0 };
const { call, close } = await openRpc(process.argv[2], (method, params) => {
    if (method === 'meterUpdate') {
        seen.meterUpdates++;
        seen.peak = Math.max(seen.peak, params.left_peak, params.right_peak);
    } else if (method === 'parameterChanged') {
        seen.changes.push(params);
    } else if (method === 'audioStatusChanged') {
        seen.statuses.push(params);
    }
});

seen.parameters = (await call('getAllParameters')).result.parameters.map((p) => p.id);
seen.setCutoff = (await call('setParameter', { id: 'cutoff', value: 500 })).result;
await new Promise((resolve) => setTimeout(resolve, 3000));
seen.status = (await call('getAudioStatus')).result.status;
close();
console.log(JSON.stringify(seen));

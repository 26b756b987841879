// Compares raw interleaved 32-bit floats (the LV2 host's output) with the
// float samples of a WAV file (wavecraft-host --render's), sample for sample,
// with no converter in between (sox's own samples are 32-bit integers).
//
//     node compare-with-wav.mjs OUT.f32 REF.wav [FIRST_FRAME [LAST_FRAME]]
//
// Exits 1, naming the first difference, if any sample differs.
import { readFileSync } from 'node:fs';

function wavFloats (path) {
    const data = readFileSync(path);
    for (let position = 12; position + 8 <= data.length;) {
        const tag = data.toString('latin1', position, position + 4), size = data.readUInt32LE(position + 4);
        if (tag === 'data')
            return new Float32Array(data.buffer.slice(data.byteOffset + position + 8, data.byteOffset + position + 8 + size));
        position += 8 + size + (size & 1);
    }
    throw new Error(`${path}: no data chunk`);
}

const [oursPath, referencePath, firstFrame, lastFrame] = process.argv.slice(2);
const raw = readFileSync(oursPath);
const ours = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
const reference = wavFloats(referencePath);

if (ours.length !== reference.length) {
    console.error(`${ours.length / 2} frames, the reference has ${reference.length / 2}`);
    process.exit(1);
}

const first = firstFrame ? Number(firstFrame) * 2 : 0, last = lastFrame ? Number(lastFrame) * 2 : reference.length;
for (let i = first; i < last; ++i) {
    if (ours[i] !== reference[i]) {
        console.error(`frame ${Math.floor(i / 2)} differs: ${ours[i]} != ${reference[i]}`);
        process.exit(1);
    }
}
console.log(`frames ${first / 2} to ${last / 2}: identical`);

// What a first touch of memory costs on this machine: one write to each 4 KiB page of a fresh 64 MiB
// buffer (a minor page fault each), timed, against a second pass over the same pages. On a VM a
// fault can cost far more than on bare metal, and every page a start touches pays it. Prints JSON.
const MIB = 64;
const pages = (MIB << 20) / 4096;
const buf = Buffer.allocUnsafeSlow(MIB << 20);
const f0 = process.resourceUsage().minorPageFault;
let t0 = performance.now();
for (let i = 0; i < buf.length; i += 4096) buf[i] = 1;
const firstMs = performance.now() - t0;
const faults = process.resourceUsage().minorPageFault - f0;
t0 = performance.now();
for (let i = 0; i < buf.length; i += 4096) buf[i] = 2;
const againMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ pages, faults, usPerFault: (firstMs * 1000) / Math.max(faults, 1), firstMs, againMs })}\n`);

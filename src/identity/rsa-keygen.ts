// A 2048-bit RSA key made from two 1024-bit primes searched for at the same time, on two of libuv's
// threads. OpenSSL's own RSA generation searches for them one after the other, in 70-270 ms here; the
// two searches side by side take about a third of that, which a first start and every in-memory
// start wait for (issue 12). The primes are OpenSSL's (generatePrime: probable primes, top two bits
// set); only the arithmetic that turns them into a key (PKCS #1, RFC 8017 3.2) is done here.
import { createPrivateKey, generatePrime, type KeyObject } from "node:crypto";

const E = 65537n;

function prime(bits: number): Promise<bigint> {
  return new Promise((resolve, reject) => generatePrime(bits, { bigint: true }, (err, p) => (err ? reject(err) : resolve(p))));
}

export async function generateRsaKey(modulusBits = 2048): Promise<KeyObject> {
  for (;;) {
    const [a, b] = await Promise.all([prime(modulusBits / 2), prime(modulusBits / 2)]);
    const [p, q] = a > b ? [a, b] : [b, a];
    const n = p * q;
    if (p === q || n.toString(2).length !== modulusBits || gcd(E, p - 1n) !== 1n || gcd(E, q - 1n) !== 1n) continue;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = inverse(E, lambda);
    const jwk = { kty: "RSA", n: b64(n), e: b64(E), d: b64(d), p: b64(p), q: b64(q), dp: b64(d % (p - 1n)), dq: b64(d % (q - 1n)), qi: b64(inverse(q, p)) };
    return createPrivateKey({ key: jwk, format: "jwk" });
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** x⁻¹ mod m, by the extended Euclidean algorithm (x and m coprime). */
function inverse(x: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [x % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const k = r0 / r1;
    [r0, r1] = [r1, r0 - k * r1];
    [s0, s1] = [s1, s0 - k * s1];
  }
  return ((s0 % m) + m) % m;
}

function b64(v: bigint): string {
  const hex = v.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex").toString("base64url");
}

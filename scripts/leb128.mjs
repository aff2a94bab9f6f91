// LEB128, the variable-length integers of the WebAssembly binary format, for the scripts that
// rewrite the engine's module (order-wasm.mjs, short-imports.mjs).

/** `n` (unsigned) as LEB128 bytes. */
export function uleb(n) {
  const out = [];
  do {
    let x = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) x |= 0x80;
    out.push(x);
  } while (n);
  return Buffer.from(out);
}

/** The unsigned LEB128 integer at `at` in `buf`, and the offset just after it. */
export function readUleb(buf, at) {
  let r = 0;
  let s = 0;
  let x;
  let p = at;
  do {
    x = buf[p++];
    r += (x & 0x7f) * 2 ** s;
    s += 7;
  } while (x & 0x80);
  return [r, p];
}

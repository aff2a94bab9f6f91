// Reading and writing the parts of the WebAssembly binary format that the scripts rewriting the
// engine's module need (order-wasm.mjs, short-imports.mjs): LEB128 integers, the sections, and
// the import section's entries.

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

/** A cursor over a module's bytes. */
export class Reader {
  constructor(buf, p = 0) {
    this.b = buf;
    this.p = p;
  }
  /** An unsigned LEB128 integer. */
  u() {
    let r = 0;
    let s = 0;
    let x;
    do {
      x = this.b[this.p++];
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  }
  bytes(n) {
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }
}

/** The module's sections, in order: `{ id, at, start, end }` (`at`: the id byte; `start`: the body). */
export function sections(buf) {
  const r = new Reader(buf, 8);
  const out = [];
  while (r.p < buf.length) {
    const at = r.p;
    const id = buf[r.p++];
    const len = r.u();
    out.push({ id, at, start: r.p, end: r.p + len });
    r.p += len;
  }
  return out;
}

/** The module with some sections' bodies replaced (`replace`: section → body, or null to drop it). */
export function assemble(buf, secs, replace) {
  const parts = [buf.subarray(0, 8)];
  for (const s of secs) {
    const body = replace.get(s);
    if (body === undefined) parts.push(buf.subarray(s.at, s.end));
    else if (body !== null) parts.push(Buffer.from([s.id]), uleb(body.length), body);
  }
  return Buffer.concat(parts);
}

/**
 * The entries of an import section: `{ module, name, kind, desc }`, where `desc` is the entry's
 * bytes from its kind on (what it imports, copied as it is when an entry is rewritten). Null if an
 * entry is of a kind this does not know.
 */
export function imports(buf, sec) {
  const r = new Reader(buf, sec.start);
  const out = [];
  for (let i = r.u(); i > 0; i--) {
    const module = r.bytes(r.u()).toString('utf8');
    const name = r.bytes(r.u()).toString('utf8');
    const from = r.p;
    const kind = buf[r.p++];
    if (kind === 0) {
      r.u(); // a function: its type
    } else if (kind === 1 || kind === 2) {
      if (kind === 1) r.p++; // a table: its element type
      const flags = r.u(); // a table's or a memory's limits
      r.u();
      if (flags & 1) r.u();
    } else if (kind === 3) {
      r.p += 2; // a global: its type and mutability
    } else if (kind === 4) {
      r.p++; // a tag: its attribute and type
      r.u();
    } else return null;
    out.push({ module, name, kind, desc: buf.subarray(from, r.p) });
  }
  return out;
}

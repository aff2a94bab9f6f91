// The shareable link (docs/CONTRACT.md): "#s=" + base64url (RFC 4648 §5, no padding) of the scenario's
// UTF-8 JSON.

const PREFIX = '#s=';

export function encodeScenario(scenario) {
  const bytes = new TextEncoder().encode(JSON.stringify(scenario));
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Returns the scenario object, or throws if the text is not a valid link payload. */
export function decodeScenario(text) {
  let b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  if (/[^A-Za-z0-9+/]/.test(b64) || b64.length % 4 === 1) throw new Error('not base64url');
  b64 += '='.repeat((4 - (b64.length % 4)) % 4);
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return JSON.parse(json);
}

/** The payload after "#s=" in a location hash, or null when there is none. */
export function linkPayload(hash) {
  if (!hash || !hash.startsWith(PREFIX)) return null;
  return hash.slice(PREFIX.length);
}

export function hashFor(scenario) {
  return PREFIX + encodeScenario(scenario);
}

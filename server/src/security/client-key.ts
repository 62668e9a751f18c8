/**
 * Who "one client address" is, for every per-address limit (request budget, sign-in, registration,
 * holds): an IPv4 address as it is, an IPv6 address by its /64. A limit keyed on the raw IPv6
 * address would give a client that owns a /64 (most do) 2^64 fresh budgets.
 */
const IPV6_PREFIX_HEXTETS = 4; // one budget per /64: a client controls a whole /64, as @fastify/rate-limit assumes

/** The budget key of a client address: an IPv4 address as it is, an IPv6 address by its /64. */
export function clientKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const address = (ip.split('%')[0] ?? '').toLowerCase();
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  const [head = '', tail] = address.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const hextets = [...headParts, ...Array<string>(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts];
  const prefix = hextets.slice(0, IPV6_PREFIX_HEXTETS).map((part) => Number.parseInt(part || '0', 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

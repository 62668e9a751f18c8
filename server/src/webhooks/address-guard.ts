/**
 * SSRF guard for webhook URLs. A hook's URL is checked when it is saved and again at every
 * delivery, after resolving its host, because DNS can answer differently later (rebinding).
 * Only public unicast addresses pass: private, loopback, link-local (169.254.169.254, the cloud
 * metadata address, is one), unique-local (fd00:ec2::254 too), CGNAT, multicast, unspecified,
 * reserved, and the IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo) are
 * refused. The delivery connects to the address that was checked (pinnedLookup), so a second DNS
 * answer cannot swap it. WEBHOOK_ALLOW_PRIVATE=true lifts the address rule and allows http:.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has; injectable so tests can play a rebinding DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export class UnsafeWebhookUrl extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeWebhookUrl';
  }
}

/** True only for a public unicast address (an IPv4-mapped IPv6 address is judged as its IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** The URL's shape: https: (http: too when private targets are allowed), no credentials, a host. */
export function checkUrlShape(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeWebhookUrl('The URL is not valid.');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:'))
    throw new UnsafeWebhookUrl(allowPrivate ? 'The URL must use https: or http:.' : 'The URL must use https:.');
  if (url.username !== '' || url.password !== '') throw new UnsafeWebhookUrl('The URL must not carry a user name or password.');
  if (url.hostname === '') throw new UnsafeWebhookUrl('The URL has no host.');
  return url;
}

/** The host without IPv6 brackets, as DNS and net.connect want it. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * The addresses the URL's host resolves to, every one of them public (else UnsafeWebhookUrl).
 * Refusing when any one is private keeps a host that answers both kinds from being used to reach
 * the private one on a later lookup.
 */
export async function resolvePublic(host: string, resolve: Resolver): Promise<ResolvedAddress[]> {
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new UnsafeWebhookUrl(`The host ${host} does not resolve.`);
    }
  }
  if (addresses.length === 0) throw new UnsafeWebhookUrl(`The host ${host} does not resolve.`);
  const refused = addresses.find((a) => !isPublicAddress(a.address));
  if (refused !== undefined) throw new UnsafeWebhookUrl(`The host ${host} resolves to a private or reserved address.`);
  return addresses;
}

/** Checks a URL as a hook is saved: shape, then (unless private targets are allowed) its addresses. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean, resolve: Resolver): Promise<URL> {
  const url = checkUrlShape(raw, allowPrivate);
  if (!allowPrivate) await resolvePublic(bareHost(url), resolve);
  return url;
}

/**
 * A `lookup` for the delivery agent's sockets: resolves, refuses unless every address is public
 * (when private ones are not allowed), and hands net.connect exactly the address it checked.
 */
export function pinnedLookup(allowPrivate: boolean, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const checked = allowPrivate ? resolve(hostname) : resolvePublic(hostname, resolve);
    checked.then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const list = wanted.length > 0 ? wanted : addresses;
        if (options.all === true) callback(null, list);
        else callback(null, list[0]?.address ?? '', list[0]?.family ?? 4);
      },
      (err: unknown) => callback(err instanceof Error ? (err as NodeJS.ErrnoException) : new Error(String(err)), '', 4),
    );
  };
}

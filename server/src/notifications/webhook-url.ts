import ipaddr from 'ipaddr.js';
import { ValidationError } from '../errors.js';
import { NonPublicAddressError, resolvePublicAddress } from './public-address.js';

export const WEBHOOK_URL_MAX_LENGTH = 2048;

export const WEBHOOK_URL_RULES =
  'An https:// URL of at most 2048 characters, with no user name or password in it, whose host is or resolves to ' +
  'public addresses only (not private, loopback, link-local or otherwise reserved ones).';

const RANGE_NAMES: Record<string, string> = {
  private: 'a private address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local (private) address',
  unspecified: 'the unspecified address',
  carrierGradeNat: 'a carrier-grade NAT (private) address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

function rangeName(address: string): string {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return RANGE_NAMES[parsed.range()] ?? 'not a public address';
}

const refuse = (message: string) => ValidationError.forField(['input', 'url'], message);

async function addressesOf(host: string, allowPrivate: boolean) {
  try {
    return await resolvePublicAddress(host, { allowPrivate });
  } catch (error) {
    if (error instanceof NonPublicAddressError) {
      const literal = error.address === host.replace(/^\[|\]$/g, '');
      const what = rangeName(error.address);
      throw refuse(
        literal
          ? `${host} is ${what}: webhooks may only go to public addresses.`
          : `${host} resolves to ${error.address}, ${what}: webhooks may only go to public addresses.`,
      );
    }
    throw refuse(`${host} could not be found: check the host name.`);
  }
}

/**
 * The endpoint as it will be stored, or a ValidationError saying what is wrong with it: https only, to public
 * addresses only (SSRF). With `allowHttpWebhooks` (development) private addresses pass, and plain http:// too when
 * the host is loopback. The worker checks the address again as it sends: DNS may answer differently by then.
 */
export async function checkWebhookUrl(raw: string, { allowHttpWebhooks }: { allowHttpWebhooks: boolean }) {
  const trimmed = raw.trim();
  if (trimmed.length > WEBHOOK_URL_MAX_LENGTH) {
    throw refuse(`The URL is longer than ${WEBHOOK_URL_MAX_LENGTH} characters.`);
  }
  const url = URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (!url || !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw refuse('Enter a full URL, such as https://example.com/hooks/latchkey.');
  }
  if (url.username || url.password) throw refuse('The URL must not contain a user name or password.');
  if (url.protocol === 'http:' && allowHttpWebhooks) {
    const { address } = await addressesOf(url.hostname, true);
    if (rangeName(address) !== RANGE_NAMES.loopback) {
      throw refuse('Plain http:// is allowed only to loopback addresses (development); use https://.');
    }
    return url.href;
  }
  if (url.protocol !== 'https:') {
    throw refuse(`The URL must start with https:// (not ${url.protocol}//): webhooks are sent over TLS only.`);
  }
  await addressesOf(url.hostname, allowHttpWebhooks);
  return url.href;
}

/** A CIDR block: the first `bits` bits of an address must equal those of `network`. */
export type IpRange =
  | { version: 4; network: number; bits: number }
  | { version: 6; network: number[]; bits: number };

type Address = { version: 4; value: number } | { version: 6; groups: number[] };

/** Parses `10.0.0.0/24` or `2001:db8::/32`, or says why it is not a CIDR block. */
export function parseCidr(text: string): IpRange | { problem: string } {
  const problem = {
    problem: `"${text}" is not a CIDR block (expected an IPv4 a.b.c.d/0-32 or IPv6 x:x::x/0-128)`,
  };
  const slash = text.indexOf('/');
  if (slash < 0) return problem;
  const address = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9]\d{0,2})$/.test(bitsText)) return problem;
  const bits = Number(bitsText);
  if (address.version === 4) return bits > 32 ? problem : { version: 4, network: address.value, bits };
  return bits > 128 ? problem : { version: 6, network: address.groups, bits };
}

/** Whether `text` is an IP address of the block's family inside it. */
export function inCidr(range: IpRange, text: string): boolean {
  const address = parseIp(text);
  if (address === undefined || address.version !== range.version) return false;
  if (address.version === 4 && range.version === 4) {
    if (range.bits === 0) return true;
    const shift = 32 - range.bits;
    return address.value >>> shift === range.network >>> shift;
  }
  if (address.version === 6 && range.version === 6) {
    for (let g = 0, left = range.bits; left > 0; g++, left -= 16) {
      const mask = left >= 16 ? 0xffff : (0xffff << (16 - left)) & 0xffff;
      if ((address.groups[g]! & mask) !== (range.network[g]! & mask)) return false;
    }
    return true;
  }
  return false;
}

function parseIp(text: string): Address | undefined {
  if (text.includes(':')) {
    const groups = parseIpv6(text);
    return groups && { version: 6, groups };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { version: 4, value };
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

const GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Eight 16-bit groups; `::` and a dotted IPv4 tail (`::ffff:10.0.0.1`) are understood. */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  return [...head, ...new Array<number>(8 - count).fill(0), ...tail];
}

function groupsOf(text: string, mayEndInIpv4: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (mayEndInIpv4 && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 0x10000), v4 % 0x10000);
    } else if (GROUP.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

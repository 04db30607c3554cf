//! Go's `net.IP`, `net.IPMask` and `net.IPNet`, as byte strings whose
//! length (0 for nil, 4 or 16) matters the way it does in Go, and the
//! go-cidr helpers built on them.

use std::fmt::Write as _;

use num_bigint::BigInt;
use num_traits::One;

/// An address (`net.IP`) or a mask (`net.IPMask`): 4 or 16 bytes, or none
/// (Go's nil).
pub(super) type Ip = Vec<u8>;

/// `net.IPNet`.
pub(super) struct Net {
    pub(super) ip: Ip,
    pub(super) mask: Ip,
}

impl Net {
    pub(super) fn new(ip: Ip, mask: Ip) -> Self {
        Net { ip, mask }
    }
}

/// Go's `big` constant of the address parser: numbers reach no further.
const BIG: u32 = 0xFF_FFFF;

/// `dtoi`: a decimal number, the bytes it took, and whether it is one.
fn dtoi(s: &[u8]) -> (u32, usize, bool) {
    let mut n = 0u32;
    let mut i = 0;
    while let Some(d) = s.get(i).filter(|c| c.is_ascii_digit()) {
        n = n * 10 + u32::from(d - b'0');
        if n >= BIG {
            return (BIG, i, false);
        }
        i += 1;
    }
    (n, i, i > 0)
}

/// `xtoi`: the same in hexadecimal.
fn xtoi(s: &[u8]) -> (u32, usize, bool) {
    let mut n = 0u32;
    let mut i = 0;
    while let Some(d) = s.get(i).and_then(|c| char::from(*c).to_digit(16)) {
        n = n * 16 + d;
        if n >= BIG {
            return (0, i, false);
        }
        i += 1;
    }
    (n, i, i > 0)
}

/// Terraform's `parseIPv4`: four decimal numbers, leading zeros allowed.
fn parse_ipv4(mut s: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    for (i, byte) in out.iter_mut().enumerate() {
        if i > 0 {
            s = s.strip_prefix(b".")?;
        }
        let (n, c, ok) = dtoi(s);
        if !ok || n > 0xFF {
            return None;
        }
        s = &s[c..];
        *byte = n as u8;
    }
    s.is_empty().then_some(out)
}

/// Go's `parseIPv6` (RFC 4291 text, with a trailing IPv4 part).
fn parse_ipv6(mut s: &[u8]) -> Option<[u8; 16]> {
    let mut ip = [0u8; 16];
    let mut ellipsis: Option<usize> = None;
    if s.starts_with(b"::") {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0;
    while i < 16 {
        let (n, c, ok) = xtoi(s);
        if !ok || n > 0xFFFF {
            return None;
        }
        if s.get(c) == Some(&b'.') {
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 {
                return None;
            }
            ip[i..i + 4].copy_from_slice(&parse_ipv4(s)?);
            s = &[];
            i += 4;
            break;
        }
        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;
        s = &s[c..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' || s.len() == 1 {
            return None;
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return None;
    }
    if i < 16 {
        let e = ellipsis?;
        let n = 16 - i;
        ip.copy_within(e..i, e + n);
        ip[e..e + n].fill(0);
    } else if ellipsis.is_some() {
        return None;
    }
    Some(ip)
}

/// Terraform's `ParseCIDR`: the network (the address masked) and its mask.
pub(super) fn parse_cidr(s: &str) -> Result<Net, String> {
    let error = || format!("invalid CIDR address: {s}");
    let (addr, mask) = s.split_once('/').ok_or_else(error)?;
    let (ip, bits): (Ip, i64) = match parse_ipv4(addr.as_bytes()) {
        Some(v4) => (v4.to_vec(), 32),
        None => (parse_ipv6(addr.as_bytes()).ok_or_else(error)?.to_vec(), 128),
    };
    let (n, used, ok) = dtoi(mask.as_bytes());
    if !ok || used != mask.len() || i64::from(n) > bits {
        return Err(error());
    }
    let mask = cidr_mask(i64::from(n), bits);
    Ok(Net::new(apply_mask(&ip, &mask), mask))
}

/// `IP.To4`: the IPv4 address, also of an IPv4-mapped IPv6 one.
pub(super) fn to4(ip: &[u8]) -> Option<&[u8]> {
    match ip.len() {
        4 => Some(ip),
        16 if ip[..10].iter().all(|b| *b == 0) && ip[10..12] == [0xff, 0xff] => Some(&ip[12..]),
        _ => None,
    }
}

/// `checkIPv4`: the 4-byte form when there is one.
fn check_ipv4(ip: &[u8]) -> Ip {
    to4(ip).unwrap_or(ip).to_vec()
}

/// `CIDRMask`: nil unless `bits` is 32 or 128 and `ones` within it.
pub(super) fn cidr_mask(ones: i64, bits: i64) -> Ip {
    if (bits != 32 && bits != 128) || ones < 0 || ones > bits {
        return Vec::new();
    }
    (0..bits / 8)
        .map(|i| {
            let set = (ones - i * 8).clamp(0, 8);
            (0xff00u16 >> set) as u8
        })
        .collect()
}

/// `simpleMaskLength`: the leading ones, or `None` for a mask that is
/// not ones then zeros.
fn mask_length(mask: &[u8]) -> Option<i64> {
    let ones = mask.iter().map(|b| b.leading_ones()).sum::<u32>();
    let canonical = mask.iter().enumerate().all(|(i, b)| {
        let set = (i64::from(ones) - i as i64 * 8).clamp(0, 8);
        *b == (0xff00u16 >> set) as u8
    });
    canonical.then_some(i64::from(ones))
}

/// `IPMask.Size`: leading ones and total bits, `(0, 0)` if not canonical.
pub(super) fn mask_size(mask: &[u8]) -> (i64, i64) {
    match mask_length(mask) {
        Some(ones) => (ones, mask.len() as i64 * 8),
        None => (0, 0),
    }
}

/// `IP.Mask`: an IPv4 address and an IPv6 mask (or the reverse) meet in
/// their IPv4 form; other length mismatches give nil.
fn apply_mask(ip: &[u8], mask: &[u8]) -> Ip {
    let mut mask = mask;
    let mut ip = ip;
    if mask.len() == 16 && ip.len() == 4 && mask[..12].iter().all(|b| *b == 0xff) {
        mask = &mask[12..];
    }
    if mask.len() == 4 && ip.len() == 16 && to4(ip).is_some() {
        ip = &ip[12..];
    }
    if ip.len() != mask.len() {
        return Vec::new();
    }
    ip.iter().zip(mask).map(|(a, m)| a & m).collect()
}

/// `IP.Equal`: an IPv4 address equals its IPv4-mapped IPv6 form.
fn equal(a: &[u8], b: &[u8]) -> bool {
    match (a.len(), b.len()) {
        (x, y) if x == y => a == b,
        (4, 16) => to4(b) == Some(a),
        (16, 4) => to4(a) == Some(b),
        _ => false,
    }
}

/// Go's `IPv4zero` (16 bytes, IPv4-mapped) or `IPv6zero`.
fn is_zero_address(ip: &[u8]) -> bool {
    equal(ip, &[0, 0, 0, 0]) || equal(ip, &[0; 16])
}

/// `networkNumberAndMask`: the network's address and mask in matching
/// lengths, or `None`.
fn number_and_mask(net: &Net) -> Option<(Ip, Ip)> {
    let ip = match to4(&net.ip) {
        Some(v4) => v4.to_vec(),
        None if net.ip.len() == 16 => net.ip.clone(),
        None => return None,
    };
    let mask = match (net.mask.len(), ip.len()) {
        (4, 4) => net.mask.clone(),
        (16, 4) => net.mask[12..].to_vec(),
        (16, _) => net.mask.clone(),
        _ => return None,
    };
    Some((ip, mask))
}

/// `IPNet.Contains`.
pub(super) fn contains(net: &Net, ip: &[u8]) -> bool {
    let Some((base, mask)) = number_and_mask(net) else {
        // Go compares against a nil network: only an empty address matches.
        return to4(ip).unwrap_or(ip).is_empty();
    };
    let ip = to4(ip).unwrap_or(ip);
    ip.len() == base.len() && (0..ip.len()).all(|i| base[i] & mask[i] == ip[i] & mask[i])
}

/// `IP.String`: dotted IPv4 (also for an IPv4-mapped IPv6 address), or
/// RFC 5952 IPv6.
pub(super) fn ip_string(ip: &[u8]) -> String {
    if ip.is_empty() {
        return "<nil>".into();
    }
    if let Some(v4) = to4(ip) {
        return format!("{}.{}.{}.{}", v4[0], v4[1], v4[2], v4[3]);
    }
    if ip.len() != 16 {
        return format!("?{}", hex(ip));
    }
    let groups: Vec<u16> = ip
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    // The longest run of two or more zero groups (the first of equals).
    let (mut start, mut end) = (8, 8);
    for i in 0..8 {
        let j = (i..8).find(|&j| groups[j] != 0).unwrap_or(8);
        if j - i >= 2 && j - i > end - start {
            (start, end) = (i, j);
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if i == start {
            out.push_str("::");
            i = end;
            if i >= 8 {
                break;
            }
        } else if i > 0 {
            out.push(':');
        }
        let _ = write!(out, "{:x}", groups[i]);
        i += 1;
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `IPNet.String`: `address/length`, or `<nil>` when Go cannot pair the
/// address with the mask.
pub(super) fn net_string(net: &Net) -> String {
    let Some((ip, mask)) = number_and_mask(net) else {
        return "<nil>".into();
    };
    match mask_length(&mask) {
        Some(len) => format!("{}/{len}", ip_string(&ip)),
        None => format!("{}/{}", ip_string(&ip), hex(&mask)),
    }
}

/// The panic Terraform reports as the function's error.
fn panic() -> String {
    "panic in function implementation: runtime error: index out of range".into()
}

/// go-cidr's `ipToInt`: the address as a number, and its bits.
pub(super) fn to_int(ip: &[u8]) -> Result<(BigInt, i64), String> {
    match ip.len() {
        4 | 16 => Ok((
            BigInt::from_bytes_be(num_bigint::Sign::Plus, ip),
            ip.len() as i64 * 8,
        )),
        _ => Err(panic()),
    }
}

/// go-cidr's `intToIP`: the magnitude's bytes, right-aligned; more bytes
/// than the address holds is a panic.
pub(super) fn from_int(value: &BigInt, bits: i64) -> Result<Ip, String> {
    let len = (bits / 8) as usize;
    let (_, bytes) = value.to_bytes_be();
    let bytes: &[u8] = if bytes == [0] { &[] } else { &bytes };
    if bytes.len() > len {
        return Err(panic());
    }
    let mut out = vec![0; len];
    out[len - bytes.len()..].copy_from_slice(bytes);
    Ok(out)
}

/// go-cidr's `AddressRange`: the first and last addresses.
fn address_range(net: &Net) -> Result<(Ip, Ip), String> {
    let (prefix_len, bits) = mask_size(&net.mask);
    if prefix_len == bits {
        return Ok((net.ip.clone(), net.ip.clone()));
    }
    let (first, bits) = to_int(&net.ip)?;
    let Some(host_len) = u64::try_from(bits - prefix_len).ok().filter(|l| *l <= 128) else {
        // Go would shift by a wrapped-around length and run out of memory.
        return Err(panic());
    };
    let last = ((BigInt::one() << host_len) - 1) | first;
    Ok((net.ip.clone(), from_int(&last, bits)?))
}

/// go-cidr's `Inc` (`up`) or `Dec`, wrapping around.
fn step(ip: &[u8], up: bool) -> Ip {
    let mut ip = check_ipv4(ip);
    for byte in ip.iter_mut().rev() {
        let (next, carry) = if up {
            byte.overflowing_add(1)
        } else {
            byte.overflowing_sub(1)
        };
        *byte = next;
        if !carry {
            break;
        }
    }
    ip
}

/// go-cidr's `PreviousSubnet` (Terraform ignores its rollover flag).
pub(super) fn previous_subnet(net: &Net, prefix_len: i64) -> Net {
    let start = check_ipv4(&net.ip);
    let mask = cidr_mask(prefix_len, start.len() as i64 * 8);
    Net::new(apply_mask(&step(&start, false), &mask), mask)
}

/// go-cidr's `NextSubnet`: the subnet of `prefix_len` after `net`, and
/// whether the address space rolled over.
pub(super) fn next_subnet(net: &Net, prefix_len: i64) -> Result<(Net, bool), String> {
    let (_, current_last) = address_range(net)?;
    let mask = cidr_mask(prefix_len, current_last.len() as i64 * 8);
    let current = Net::new(apply_mask(&current_last, &mask), mask.clone());
    let (_, last) = address_range(&current)?;
    let last = step(&last, true);
    let rollover = is_zero_address(&last);
    Ok((Net::new(apply_mask(&last, &mask), mask), rollover))
}

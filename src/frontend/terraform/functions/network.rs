//! `cidrhost`, `cidrnetmask`, `cidrsubnet` and `cidrsubnets`, as Terraform
//! computes them: Go's `net` addresses (Terraform's copy of the parser
//! accepts leading zeros in IPv4), and the `go-cidr` arithmetic, quirks
//! included (a negative host number counts from the end, an IPv4-mapped IPv6
//! prefix prints as IPv4, a number too large for the address fails).
//!
//! No IP crate is used: none reproduces Go's representation, in which an
//! address is 4 or 16 bytes and the length decides how it is printed and
//! how masks apply, and the results depend on exactly that.

mod ip;

use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{Function, arity, number, string};
use crate::frontend::terraform::value::Value;
use ip::{Ip, Net};

pub(super) const TABLE: &[(&str, Function)] = &[
    ("cidrhost", cidrhost),
    ("cidrnetmask", cidrnetmask),
    ("cidrsubnet", cidrsubnet),
    ("cidrsubnets", cidrsubnets),
];

/// Longest shift keylint computes: a larger one only comes from a prefix
/// length far outside any address (Terraform would need gigabytes).
const MAX_SHIFT: u64 = 1024;

fn prefix(v: &Value) -> Result<Net, String> {
    let text = string(v)?;
    ip::parse_cidr(&text).map_err(|e| format!("invalid CIDR expression: {e}"))
}

/// A whole number as Go's `big.Int` (`gocty` refuses a fraction).
fn big(v: &Value) -> Result<BigInt, String> {
    let n = number(v)?;
    let magnitude = n.whole_magnitude().ok_or("value must be a whole number")?;
    let sign = if n.is_negative() {
        Sign::Minus
    } else {
        Sign::Plus
    };
    Ok(BigInt::from_biguint(sign, magnitude))
}

/// A whole number as Go's `int`.
fn int(v: &Value) -> Result<i64, String> {
    big(v).ok().and_then(|b| b.to_i64()).ok_or_else(|| {
        format!(
            "value must be a whole number, between {} and {}",
            i64::MIN,
            i64::MAX
        )
    })
}

/// Go's `uint64(x.Uint64())`: the low 64 bits of the magnitude.
fn low64(x: &BigInt) -> u64 {
    x.magnitude().iter_u64_digits().next().unwrap_or(0)
}

fn cidrhost(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let num = big(&args[1])?;
    let net = prefix(&args[0])?;
    Ok(Value::string(ip::ip_string(&host(&net, num)?)))
}

/// go-cidr's `HostBig`.
fn host(net: &Net, mut num: BigInt) -> Result<Ip, String> {
    let (parent_len, addr_len) = ip::mask_size(&net.mask);
    let max_host = (BigInt::one() << (addr_len - parent_len) as u64) - 1;
    // Go converts the low 64 bits to a signed int64 first.
    let mut checked = BigInt::from(low64(&num) as i64);
    if num.is_negative() {
        checked = -&num - 1;
        num = &max_host - &checked;
    }
    if checked > max_host {
        return Err(format!(
            "prefix of {parent_len} does not accommodate a host numbered {num}"
        ));
    }
    // An IPv4-mapped IPv6 address counts as IPv4 here: the number lands
    // 96 bits up, as in Terraform.
    let bitlength = if ip::to4(&net.ip).is_some() { 32 } else { 128 };
    let shift = (net.ip.len() as i64 * 8 - bitlength).max(0) as u64;
    insert_num(&net.ip, num, shift)
}

fn cidrnetmask(args: &[Value]) -> Result<Value, String> {
    arity(args, 1)?;
    let net = prefix(&args[0])?;
    if ip::to4(&net.ip).is_none() {
        return Err(format!(
            "IPv6 addresses cannot have a netmask: {}",
            string(&args[0])?
        ));
    }
    Ok(Value::string(ip::ip_string(&net.mask)))
}

fn cidrsubnet(args: &[Value]) -> Result<Value, String> {
    arity(args, 3)?;
    let newbits = int(&args[1])?;
    let num = big(&args[2])?;
    let net = prefix(&args[0])?;
    Ok(subnet(&net, newbits, num)?.map_or(Value::UNKNOWN, |n| Value::string(ip::net_string(&n))))
}

/// go-cidr's `SubnetBig`.
fn subnet(net: &Net, newbits: i64, num: BigInt) -> Result<Option<Net>, String> {
    let (parent_len, addr_len) = ip::mask_size(&net.mask);
    let new_len = parent_len.wrapping_add(newbits);
    if new_len > addr_len {
        return Err(format!(
            "insufficient address space to extend prefix of {parent_len} by {newbits}"
        ));
    }
    // `uint64(1<<uint64(newBits)) - 1`: a shift of 64 or more gives 0.
    let max = match u32::try_from(newbits) {
        Ok(n) if n < 64 => (1u64 << n) - 1,
        _ => u64::MAX,
    };
    if low64(&num) > max {
        return Err(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {num}"
        ));
    }
    let total = net.ip.len() as i64 * 8;
    let Some(shift) = total
        .checked_sub(new_len)
        .and_then(|s| u64::try_from(s).ok())
    else {
        return Ok(None);
    };
    if shift > MAX_SHIFT && !num.is_zero() {
        // Terraform would run out of memory.
        return Ok(None);
    }
    let ip = insert_num(&net.ip, num, shift)?;
    Ok(Some(Net::new(ip, ip::cidr_mask(new_len, addr_len))))
}

/// go-cidr's `insertNumIntoIP`: `ip | num << shift`, as `big.Int`
/// computes it (two's complement for a negative number). A result too long
/// for the address is Go's index-out-of-range panic, which Terraform
/// reports as an error.
fn insert_num(ip: &[u8], num: BigInt, shift: u64) -> Result<Ip, String> {
    let (value, bits) = ip::to_int(ip)?;
    let shifted = if num.is_zero() { num } else { num << shift };
    ip::from_int(&(value | shifted), bits)
}

fn cidrsubnets(args: &[Value]) -> Result<Value, String> {
    let Some((base, lengths)) = args.split_first() else {
        return Err("takes a prefix and prefix extensions".into());
    };
    let net = prefix(base)?;
    let (start_len, _) = ip::mask_size(&net.mask);
    let Some(first) = lengths.first() else {
        return Ok(Value::list(Vec::new()));
    };
    let first_len = int(first)?.wrapping_add(start_len);
    let mut current = ip::previous_subnet(&net, first_len);
    let mut out = Vec::with_capacity(lengths.len());
    for arg in lengths {
        let length = int(arg)?;
        if length < 1 {
            return Err("must extend prefix by at least one bit".into());
        }
        // Terraform allows 32 bits at a time, for 32-bit platforms.
        if length > 32 {
            return Err("may not extend prefix by more than 32 bits".into());
        }
        let length = length + start_len;
        let bits = net.ip.len() as i64 * 8;
        if length > bits {
            let protocol = match bits {
                32 => "IPv4",
                128 => "IPv6",
                _ => "IP",
            };
            return Err(format!(
                "would extend prefix to {length} bits, which is too long for an {protocol} address"
            ));
        }
        let (next, rollover) = ip::next_subnet(&current, length)?;
        if rollover || !ip::contains(&net, &next.ip) {
            return Err(format!(
                "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                ip::net_string(&current)
            ));
        }
        out.push(Value::string(ip::net_string(&next)));
        current = next;
    }
    Ok(Value::list(out))
}

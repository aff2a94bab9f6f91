//! Money and ratios: strict parsing, the one rounding rule, and formatting.
//!
//! (A module of the rules crate because the compiler parses the policy files' literals with the
//! same strict rules as the engine parses a scenario's amounts.)
//!
//! Every amount is a [`Decimal`]; binary floating point never touches money. Inputs are at most
//! two decimals (docs/CONTRACT.md, "Amounts"), so sums of inputs are always whole 分. Products with
//! ratios are not, and stay exact until [`to_fen`] rounds a final payment.

use rust_decimal::{Decimal, RoundingStrategy};

/// The largest amount accepted anywhere: 1,000,000,000 元 (10亿元).
///
/// Why a bound at all: it keeps every intermediate product far inside `Decimal`'s 96-bit range, so
/// no arithmetic in the engine can overflow and panic, whatever the input.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// Rounds a final payment to the 分, half up (四舍五入).
///
/// This is the only rounding in the engine (docs/CONTRACT.md: "Each payment is rounded to the 分
/// (0.01 元) half up (四舍五入) once it is final, after caps; running annual totals are kept
/// exact"). Payments are never negative, so "half away from zero" is "half up". rust_decimal's
/// `round_dp` would round half to even, which is why the strategy is named here.
pub fn to_fen(exact: Decimal) -> Decimal {
    exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Why a string was refused as an amount or a ratio. The engine turns this into a message that
/// names the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadNumber {
    /// An empty string.
    Empty,
    /// A minus sign.
    Negative,
    /// More decimals than allowed (two for amounts, four for ratios).
    TooManyDecimals,
    /// Anything but ASCII digits and one dot: units, separators, exponents, full-width digits.
    NotPlain,
    /// More than 10亿元.
    TooLarge,
    /// A ratio above 1.
    RatioAboveOne,
}

/// Parses a plain decimal: ASCII digits, optionally a dot and up to `max_dp` digits.
///
/// Why so strict: the string arrives from people and programs alike, and "1e3", "３０００" or
/// "1,000" each have a plausible but different meaning. Refusing them is safer than guessing.
fn parse_plain(s: &str, max_dp: usize) -> Result<Decimal, BadNumber> {
    if s.is_empty() {
        return Err(BadNumber::Empty);
    }
    let body = match s.strip_prefix('-') {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
            return Err(BadNumber::Negative)
        }
        _ => s,
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BadNumber::NotPlain);
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BadNumber::NotPlain);
        }
        if f.len() > max_dp {
            return Err(BadNumber::TooManyDecimals);
        }
    }
    // Leading zeros are harmless ("0050" is 50); the length check keeps huge strings away from
    // the arithmetic below, which therefore cannot overflow (at most 10 + 4 digits).
    let significant = int.trim_start_matches('0');
    if significant.len() > 10 {
        return Err(BadNumber::TooLarge);
    }
    // The digits make the mantissa, the decimals the scale. Built by hand rather than through
    // `Decimal::from_str`, whose general parser (exponents, rounding of long inputs) is several
    // kilobytes of WebAssembly for strings that are already known to be plain.
    let frac = frac.unwrap_or("");
    let mantissa = significant
        .bytes()
        .chain(frac.bytes())
        .fold(0i64, |m, b| m * 10 + i64::from(b - b'0'));
    let value = Decimal::new(mantissa, frac.len() as u32);
    if value > MAX_AMOUNT {
        return Err(BadNumber::TooLarge);
    }
    Ok(value)
}

/// An amount in 元: non-negative, at most two decimals, at most [`MAX_AMOUNT`].
pub fn parse_amount(s: &str) -> Result<Decimal, BadNumber> {
    parse_plain(s, 2)
}

/// A ratio such as "0.5": from 0 to 1, at most four decimals.
pub fn parse_ratio(s: &str) -> Result<Decimal, BadNumber> {
    let r = parse_plain(s, 4)?;
    if r > Decimal::ONE {
        return Err(BadNumber::RatioAboveOne);
    }
    Ok(r)
}

/// A decimal's digits as written: `-`, the integer part, and exactly `scale` decimals.
///
/// By hand rather than through `Display`, which brings in the general formatting machinery; the
/// result is the same string ("1320.00", "26791.7").
fn digits(d: Decimal) -> String {
    let scale = d.scale() as usize;
    let mut m = d.mantissa().unsigned_abs();
    let mut rev = Vec::with_capacity(32);
    while m > 0 || rev.len() <= scale {
        rev.push(b'0' + (m % 10) as u8);
        m /= 10;
    }
    let mut out = String::with_capacity(rev.len() + 2);
    if d.is_sign_negative() && d.mantissa() != 0 {
        out.push('-');
    }
    for (i, c) in rev.iter().rev().enumerate() {
        if i == rev.len() - scale {
            out.push('.');
        }
        out.push(char::from(*c));
    }
    out
}

/// An amount as the contract prints it: exactly two decimals, no separators ("1320.00").
pub fn fmt_amount(d: Decimal) -> String {
    let mut r = to_fen(d);
    r.rescale(2);
    digits(r)
}

/// A ratio as people read it: "55%", "62.5%".
pub fn fmt_percent(r: Decimal) -> String {
    let mut s = fmt_exact(r * Decimal::ONE_HUNDRED);
    s.push('%');
    s
}

/// An exact intermediate value for an explanation: trailing zeros dropped, never rounded, so the
/// help-desk reader sees the same number the engine used ("1320", "55.0055").
pub fn fmt_exact(d: Decimal) -> String {
    digits(d.normalize())
}

/// A whole number as decimal digits.
pub fn fmt_count(n: u64) -> String {
    digits(Decimal::from(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounding_is_half_up_not_half_even() {
        // 0.125 would become 0.12 under banker's rounding; 四舍五入 gives 0.13.
        assert_eq!(to_fen(d("0.125")), d("0.13"));
        assert_eq!(to_fen(d("0.135")), d("0.14"));
        assert_eq!(to_fen(d("0.1249")), d("0.12"));
        assert_eq!(to_fen(d("220.0055")), d("220.01"));
    }

    #[test]
    fn amounts_accept_only_plain_two_decimal_strings() {
        assert_eq!(parse_amount("3000"), Ok(d("3000")));
        assert_eq!(parse_amount("1320.5"), Ok(d("1320.5")));
        assert_eq!(parse_amount("0.01"), Ok(d("0.01")));
        assert_eq!(parse_amount("1000000000"), Ok(d("1000000000")));
        assert_eq!(parse_amount(""), Err(BadNumber::Empty));
        assert_eq!(parse_amount("-1"), Err(BadNumber::Negative));
        assert_eq!(parse_amount("1.005"), Err(BadNumber::TooManyDecimals));
        assert_eq!(parse_amount("1e3"), Err(BadNumber::NotPlain));
        assert_eq!(parse_amount("３０００"), Err(BadNumber::NotPlain));
        assert_eq!(parse_amount("1,000"), Err(BadNumber::NotPlain));
        assert_eq!(parse_amount(" 1"), Err(BadNumber::NotPlain));
        assert_eq!(parse_amount("1."), Err(BadNumber::NotPlain));
        assert_eq!(parse_amount(".5"), Err(BadNumber::NotPlain));
        assert_eq!(parse_amount("+5"), Err(BadNumber::NotPlain));
        assert_eq!(parse_amount("1000000000.01"), Err(BadNumber::TooLarge));
        assert_eq!(parse_amount("1000000000000000"), Err(BadNumber::TooLarge));
        assert_eq!(parse_amount(&"9".repeat(400)), Err(BadNumber::TooLarge));
    }

    #[test]
    fn ratios_are_between_zero_and_one() {
        assert_eq!(parse_ratio("0.7"), Ok(d("0.7")));
        assert_eq!(parse_ratio("1"), Ok(Decimal::ONE));
        assert_eq!(parse_ratio("0.6525"), Ok(d("0.6525")));
        assert_eq!(parse_ratio("1.01"), Err(BadNumber::RatioAboveOne));
        assert_eq!(parse_ratio("70%"), Err(BadNumber::NotPlain));
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_amount(d("1320")), "1320.00");
        assert_eq!(fmt_amount(d("0")), "0.00");
        assert_eq!(fmt_percent(d("0.55")), "55%");
        assert_eq!(fmt_percent(d("0.625")), "62.5%");
        assert_eq!(fmt_exact(d("1320.00")), "1320");
        assert_eq!(fmt_exact(d("0.00")), "0");
        assert_eq!(fmt_exact(d("26791.70")), "26791.7");
        assert_eq!(fmt_exact(d("0.005")), "0.005");
        assert_eq!(fmt_amount(d("0.004")), "0.00");
        assert_eq!(fmt_amount(d("1000000000")), "1000000000.00");
        assert_eq!(fmt_percent(d("0.0525")), "5.25%");
        assert_eq!(fmt_count(0), "0");
        assert_eq!(fmt_count(1234567), "1234567");
        // The same strings as Display, for every amount the engine can produce.
        for s in ["0", "0.01", "1320.5", "999999999.99", "12.3456"] {
            assert_eq!(fmt_exact(d(s)), d(s).normalize().to_string());
        }
    }
}

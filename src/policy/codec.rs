//! The embedded registry's binary form: each compiled value written field by field, in order.
//!
//! Why not serde: the registry is written by `build.rs` and read by this same code, so a
//! self-describing format buys nothing, while serde's derived readers were a fifth of the
//! WebAssembly. Here every type says how it is written and read in a few lines, and a reader
//! that meets bytes it did not expect returns `None` instead of panicking.

use super::model::{BenefitDef, Choice, Citation, Document, ParamDef};
use super::*;
use rust_decimal::Decimal;

/// Reads values back from the bytes [`Codec::enc`] wrote.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

pub trait Codec: Sized {
    fn enc(&self, w: &mut Vec<u8>);
    fn dec(r: &mut Reader) -> Option<Self>;
}

/// Encodes a value into a fresh buffer.
pub fn to_bytes<T: Codec>(v: &T) -> Vec<u8> {
    let mut w = Vec::new();
    v.enc(&mut w);
    w
}

/// Decodes a value that must use all the bytes.
pub fn from_bytes<T: Codec>(bytes: &[u8]) -> Option<T> {
    let mut r = Reader::new(bytes);
    let v = T::dec(&mut r)?;
    r.is_empty().then_some(v)
}

impl Codec for u32 {
    fn enc(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(u32::from_le_bytes(r.take(4)?.try_into().ok()?))
    }
}

impl Codec for usize {
    fn enc(&self, w: &mut Vec<u8>) {
        // Every count and index in a policy is small; build.rs would fail on anything else.
        u32::try_from(*self).expect("small index").enc(w)
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        usize::try_from(u32::dec(r)?).ok()
    }
}

impl Codec for u16 {
    fn enc(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(u16::from_le_bytes(r.take(2)?.try_into().ok()?))
    }
}

impl Codec for u8 {
    fn enc(&self, w: &mut Vec<u8>) {
        w.push(*self);
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(r.take(1)?[0])
    }
}

impl Codec for bool {
    fn enc(&self, w: &mut Vec<u8>) {
        w.push(u8::from(*self));
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        match u8::dec(r)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Codec for String {
    fn enc(&self, w: &mut Vec<u8>) {
        self.len().enc(w);
        w.extend_from_slice(self.as_bytes());
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        let n = usize::dec(r)?;
        String::from_utf8(r.take(n)?.to_vec()).ok()
    }
}

impl Codec for Decimal {
    fn enc(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.serialize());
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(Decimal::deserialize(r.take(16)?.try_into().ok()?))
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn enc(&self, w: &mut Vec<u8>) {
        self.len().enc(w);
        for x in self {
            x.enc(w);
        }
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        let n = usize::dec(r)?;
        // Never trust a length for the allocation: it is bounded by the bytes that are left.
        let mut v = Vec::with_capacity(n.min(r.bytes.len()));
        for _ in 0..n {
            v.push(T::dec(r)?);
        }
        Some(v)
    }
}

impl<T: Codec> Codec for Option<T> {
    fn enc(&self, w: &mut Vec<u8>) {
        match self {
            None => w.push(0),
            Some(x) => {
                w.push(1);
                x.enc(w);
            }
        }
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        match u8::dec(r)? {
            0 => Some(None),
            1 => Some(Some(T::dec(r)?)),
            _ => None,
        }
    }
}

impl<T: Codec> Codec for [T; 3] {
    fn enc(&self, w: &mut Vec<u8>) {
        for x in self {
            x.enc(w);
        }
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some([T::dec(r)?, T::dec(r)?, T::dec(r)?])
    }
}

impl<A: Codec, B: Codec> Codec for (A, B) {
    fn enc(&self, w: &mut Vec<u8>) {
        self.0.enc(w);
        self.1.enc(w);
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some((A::dec(r)?, B::dec(r)?))
    }
}

/// A struct is its fields, in the order listed.
macro_rules! codec_struct {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl Codec for $t {
            fn enc(&self, w: &mut Vec<u8>) {
                $(self.$f.enc(w);)*
            }
            fn dec(r: &mut Reader) -> Option<Self> {
                Some($t { $($f: Codec::dec(r)?),* })
            }
        }
    };
}

/// A field-less enum is its position in a list of its variants.
macro_rules! codec_unit_enum {
    ($t:ident [ $($v:ident),* $(,)? ]) => {
        impl Codec for $t {
            fn enc(&self, w: &mut Vec<u8>) {
                let all = [$($t::$v),*];
                let i = all.iter().position(|x| x == self).expect("listed variant");
                w.push(i as u8);
            }
            fn dec(r: &mut Reader) -> Option<Self> {
                [$($t::$v),*].get(usize::from(u8::dec(r)?)).copied()
            }
        }
    };
}

codec_unit_enum!(Care[Inpatient, Outpatient, SpecialOutpatient]);
codec_unit_enum!(Mode[PerVisit, Annual]);
codec_unit_enum!(Unit[Yuan, Ratio, Choice, Schedule]);
codec_unit_enum!(Need[Always, WhenUsed, Layer, Optional]);

impl Codec for Group {
    fn enc(&self, w: &mut Vec<u8>) {
        w.push(*self as u8);
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Group::ALL.get(usize::from(u8::dec(r)?)).copied()
    }
}

impl Codec for Groups {
    fn enc(&self, w: &mut Vec<u8>) {
        self.0.enc(w);
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(Groups(u16::dec(r)?))
    }
}

impl Codec for Src {
    fn enc(&self, w: &mut Vec<u8>) {
        match self {
            Src::Lit(d) => {
                w.push(0);
                d.enc(w);
            }
            Src::NoCap => w.push(1),
            Src::Mode(m) => {
                w.push(2);
                m.enc(w);
            }
            Src::Param(i, f) => {
                w.push(3);
                i.enc(w);
                f.enc(w);
            }
            Src::Scope(c) => {
                w.push(4);
                c.0.enc(w);
            }
        }
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(match u8::dec(r)? {
            0 => Src::Lit(Decimal::dec(r)?),
            1 => Src::NoCap,
            2 => Src::Mode(Mode::dec(r)?),
            3 => Src::Param(usize::dec(r)?, Option::dec(r)?),
            4 => Src::Scope(CareSet(u8::dec(r)?)),
            _ => return None,
        })
    }
}

impl Codec for ChoiceVal {
    fn enc(&self, w: &mut Vec<u8>) {
        match self {
            ChoiceVal::Mode(m) => {
                w.push(0);
                m.enc(w);
            }
            ChoiceVal::Scope(c) => {
                w.push(1);
                c.0.enc(w);
            }
        }
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(match u8::dec(r)? {
            0 => ChoiceVal::Mode(Mode::dec(r)?),
            1 => ChoiceVal::Scope(CareSet(u8::dec(r)?)),
            _ => return None,
        })
    }
}

impl Codec for Aid {
    fn enc(&self, w: &mut Vec<u8>) {
        match self {
            Aid::Full(c) => {
                w.push(0);
                c.enc(w);
            }
            Aid::Param(p, c) => {
                w.push(1);
                p.enc(w);
                c.enc(w);
            }
        }
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(match u8::dec(r)? {
            0 => Aid::Full(usize::dec(r)?),
            1 => Aid::Param(usize::dec(r)?, usize::dec(r)?),
            _ => return None,
        })
    }
}

impl Codec for TiltKind {
    fn enc(&self, w: &mut Vec<u8>) {
        match self {
            TiltKind::Table(s) => {
                w.push(0);
                s.enc(w);
            }
            TiltKind::Derive {
                deductible_factor,
                ratio_add,
                no_cap_cite,
            } => {
                w.push(1);
                deductible_factor.enc(w);
                ratio_add.enc(w);
                no_cap_cite.enc(w);
            }
        }
    }
    fn dec(r: &mut Reader) -> Option<Self> {
        Some(match u8::dec(r)? {
            0 => TiltKind::Table(Schedule::dec(r)?),
            1 => TiltKind::Derive {
                deductible_factor: CVal::dec(r)?,
                ratio_add: CVal::dec(r)?,
                no_cap_cite: usize::dec(r)?,
            },
            _ => return None,
        })
    }
}

codec_struct!(Document {
    id,
    title,
    number,
    date,
    file,
    status
});
codec_struct!(Citation { doc, clause, quote });
codec_struct!(BenefitDef { id, name });
codec_struct!(Choice { value, label });
codec_struct!(ParamDef {
    id,
    label,
    meaning,
    unit,
    need,
    layer,
    care,
    level,
    choices,
    when_absent,
    fallback,
    accepts_none,
    part_of
});
codec_struct!(ParamInfo {
    def,
    unit,
    need,
    choices,
    fallback
});
codec_struct!(CVal {
    src,
    cite,
    also,
    minimum
});
codec_struct!(Assumption { text, cites });
codec_struct!(Tier {
    id,
    name,
    description,
    benefit,
    benefit_cite,
    individual,
    subsidy
});
codec_struct!(Enrolment {
    contribution_tier,
    full_aid,
    benefit,
    benefit_by_tier,
    cite
});
codec_struct!(GroupRule {
    group,
    definition,
    cite,
    enrolment,
    aid,
    caveat
});
codec_struct!(Levels { per_level, v });
codec_struct!(BasicRule {
    care,
    cite,
    deductible,
    mode,
    ratio,
    cap,
    notes
});
codec_struct!(Band { upto, ratio });
codec_struct!(Schedule {
    whole,
    deductible,
    bands,
    cap
});
codec_struct!(Tilt {
    groups,
    cite,
    kind,
    assumption
});
codec_struct!(Critical {
    scope,
    basis,
    schedule,
    tilts,
    notes,
    assumptions
});
codec_struct!(Assistance {
    cite,
    groups,
    deductible,
    annual_limit,
    notes
});
codec_struct!(Meta {
    id,
    name,
    region,
    year,
    documents,
    summary,
    notes
});
codec_struct!(Policy {
    meta,
    citations,
    benefits,
    tiers,
    groups,
    params,
    basic,
    critical,
    assistance
});
codec_struct!(Registry {
    documents,
    policies
});

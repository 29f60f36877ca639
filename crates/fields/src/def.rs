//! Field and protocol definitions, and the macro that declares them.

/// Index of a protocol in the registry's protocol table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProtoId(pub u16);

/// A field: its protocol and its position among that protocol's fields. Position 0 is the protocol itself
/// (`ip`, `tcp`), so every protocol can be tested for existence like any field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId {
    pub proto: ProtoId,
    pub index: u16,
}

impl FieldId {
    pub const fn new(proto: ProtoId, index: u16) -> Self {
        FieldId { proto, index }
    }
    /// The field that stands for the protocol as a whole.
    pub const fn protocol(proto: ProtoId) -> Self {
        FieldId { proto, index: 0 }
    }
    pub const fn is_protocol(self) -> bool {
        self.index == 0
    }
}

/// Wireshark's field types (`FT_*`), with the same names in `-G fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    None,
    Protocol,
    Boolean,
    Char,
    UInt8,
    UInt16,
    UInt24,
    UInt32,
    UInt40,
    UInt48,
    UInt56,
    UInt64,
    Int8,
    Int16,
    Int24,
    Int32,
    Int64,
    Float,
    Double,
    AbsoluteTime,
    RelativeTime,
    String,
    StringZ,
    UIntString,
    Ether,
    Bytes,
    UIntBytes,
    Ipv4,
    Ipv6,
    FrameNum,
    Guid,
    Oid,
    Eui64,
}

impl FieldType {
    /// The `FT_*` name that `tshark -G fields` prints.
    pub const fn ft_name(self) -> &'static str {
        use FieldType::*;
        match self {
            None => "FT_NONE",
            Protocol => "FT_PROTOCOL",
            Boolean => "FT_BOOLEAN",
            Char => "FT_CHAR",
            UInt8 => "FT_UINT8",
            UInt16 => "FT_UINT16",
            UInt24 => "FT_UINT24",
            UInt32 => "FT_UINT32",
            UInt40 => "FT_UINT40",
            UInt48 => "FT_UINT48",
            UInt56 => "FT_UINT56",
            UInt64 => "FT_UINT64",
            Int8 => "FT_INT8",
            Int16 => "FT_INT16",
            Int24 => "FT_INT24",
            Int32 => "FT_INT32",
            Int64 => "FT_INT64",
            Float => "FT_FLOAT",
            Double => "FT_DOUBLE",
            AbsoluteTime => "FT_ABSOLUTE_TIME",
            RelativeTime => "FT_RELATIVE_TIME",
            String => "FT_STRING",
            StringZ => "FT_STRINGZ",
            UIntString => "FT_UINT_STRING",
            Ether => "FT_ETHER",
            Bytes => "FT_BYTES",
            UIntBytes => "FT_UINT_BYTES",
            Ipv4 => "FT_IPv4",
            Ipv6 => "FT_IPv6",
            FrameNum => "FT_FRAMENUM",
            Guid => "FT_GUID",
            Oid => "FT_OID",
            Eui64 => "FT_EUI64",
        }
    }

    /// Width in bits of the unsigned or signed integer types (and `Char`); `None` for the others.
    pub const fn integer_bits(self) -> Option<u32> {
        use FieldType::*;
        Some(match self {
            Char | UInt8 | Int8 => 8,
            UInt16 | Int16 => 16,
            UInt24 | Int24 => 24,
            UInt32 | Int32 | FrameNum => 32,
            UInt40 => 40,
            UInt48 => 48,
            UInt56 => 56,
            UInt64 | Int64 => 64,
            _ => return Option::None,
        })
    }

    pub const fn is_unsigned(self) -> bool {
        matches!(
            self,
            FieldType::Char
                | FieldType::UInt8
                | FieldType::UInt16
                | FieldType::UInt24
                | FieldType::UInt32
                | FieldType::UInt40
                | FieldType::UInt48
                | FieldType::UInt56
                | FieldType::UInt64
                | FieldType::FrameNum
        )
    }

    pub const fn is_signed(self) -> bool {
        matches!(
            self,
            FieldType::Int8
                | FieldType::Int16
                | FieldType::Int24
                | FieldType::Int32
                | FieldType::Int64
        )
    }
}

/// How an integer is shown (`BASE_*`), a boolean's bit width, or a time's zone, as in `-G fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Base {
    /// No base (strings, addresses, bytes); `-G fields` prints an empty column except for integers.
    None,
    Dec,
    Hex,
    Oct,
    DecHex,
    HexDec,
    /// Ports: printed in decimal, named `BASE_PT_TCP` etc. in `-G fields`.
    PtTcp,
    PtUdp,
    /// Booleans: the width in bits of the parent field the bitmask applies to (0 when there is none).
    Bits(u8),
    AbsoluteTimeLocal,
    AbsoluteTimeUtc,
    /// Integers Wireshark shows through a formatting function (`BASE_CUSTOM`); `-T fields` prints decimal.
    Custom,
    /// 24-bit organizationally unique identifiers (`BASE_OUI`); `-T fields` prints decimal.
    Oui,
    /// Byte fields shown with a colon between bytes (`SEP_COLON`), in labels and `-T fields` alike;
    /// `-G fields` prints no base for them.
    SepColon,
}

impl Base {
    /// The display column of `tshark -G fields` for a field of type `ty`.
    pub fn g_fields_name(self, ty: FieldType) -> String {
        match self {
            Base::Bits(n) => n.to_string(),
            Base::Dec => "BASE_DEC".into(),
            Base::Hex => "BASE_HEX".into(),
            Base::Oct => "BASE_OCT".into(),
            Base::DecHex => "BASE_DEC_HEX".into(),
            Base::HexDec => "BASE_HEX_DEC".into(),
            Base::PtTcp => "BASE_PT_TCP".into(),
            Base::PtUdp => "BASE_PT_UDP".into(),
            Base::AbsoluteTimeLocal => "ABSOLUTE_TIME_LOCAL".into(),
            Base::AbsoluteTimeUtc => "ABSOLUTE_TIME_UTC".into(),
            Base::Custom => "BASE_CUSTOM".into(),
            Base::Oui => "BASE_OUI".into(),
            Base::None if ty.integer_bits().is_some() && ty != FieldType::FrameNum => {
                "BASE_NONE".into()
            }
            Base::None | Base::SepColon => String::new(),
        }
    }
}

/// Names for values: shown by `-V` and accepted by display filters (`arp.opcode == reply`).
#[derive(Debug, Clone, Copy)]
pub enum Strings {
    None,
    /// value → name.
    Values(&'static [(u64, &'static str)]),
    /// inclusive ranges [low, high] → name.
    Ranges(&'static [(u64, u64, &'static str)]),
    /// Boolean texts for set and clear (default "Set"/"Not set").
    TrueFalse(&'static str, &'static str),
    /// A unit appended to the number ("bytes", "seconds").
    Unit(&'static str),
}

impl Strings {
    /// The name of `value`, if one is declared.
    pub fn name_of(&self, value: u64) -> Option<&'static str> {
        match self {
            Strings::Values(pairs) => pairs.iter().find(|(v, _)| *v == value).map(|(_, n)| *n),
            Strings::Ranges(ranges) => ranges
                .iter()
                .find(|(lo, hi, _)| (*lo..=*hi).contains(&value))
                .map(|(_, _, n)| *n),
            _ => None,
        }
    }
}

/// One field, declared once by its protocol module.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// Wireshark's abbreviation, the name used in filters and `-e` (`ip.src`).
    pub abbrev: &'static str,
    /// The label shown in the detail tree (`Source Address`).
    pub name: &'static str,
    pub ty: FieldType,
    pub base: Base,
    pub strings: Strings,
    /// Bits of the containing integer this field occupies; 0 for a whole field.
    pub bitmask: u64,
    pub blurb: &'static str,
}

impl FieldDef {
    /// How far the value is shifted right after masking (the number of trailing zero bits of the mask).
    pub const fn shift(&self) -> u32 {
        if self.bitmask == 0 {
            0
        } else {
            self.bitmask.trailing_zeros()
        }
    }
}

/// A protocol and its fields. `fields[0]` describes the protocol itself (type `Protocol`).
#[derive(Debug)]
pub struct ProtocolDef {
    pub id: ProtoId,
    /// Long name (`Internet Protocol Version 4`).
    pub name: &'static str,
    /// Short name used in the Protocol column (`IPv4`).
    pub short_name: &'static str,
    /// Filter name (`ip`).
    pub filter_name: &'static str,
    pub fields: &'static [FieldDef],
}

/// Declares a protocol's fields once: a `pub const` [`FieldId`] per field, and a `pub static PROTOCOL`
/// [`ProtocolDef`] whose field table is in the same order. The protocol's own id is given by the caller,
/// who keeps ids unique in one central list.
///
/// A protocol is of type `FT_PROTOCOL` unless `as TYPE` follows its filter name: Wireshark registers
/// some "protocols" with a value (the TCP options are `FT_BYTES`), which `-T fields` and JSON print.
///
/// ```ignore
/// declare_protocol! {
///     proto IP = ProtoId(4), "Internet Protocol Version 4", "IPv4", "ip";
///     SRC: "ip.src", "Source Address", Ipv4, None;
///     FLAGS_DF: "ip.flags.df", "Don't fragment", Boolean, Bits(8), mask 0x40;
///     PROTO: "ip.proto", "Protocol", UInt8, Dec, values IP_PROTO_NAMES;
/// }
/// ```
#[macro_export]
macro_rules! declare_protocol {
    (
        proto $pname:ident = $pid:expr, $long:literal, $short:literal, $filter:literal $(, as $pty:ident)?;
        $(
            $fname:ident : $abbrev:literal, $label:literal, $ty:ident, $base:ident $(($bits:literal))?
            $(, mask $mask:literal)?
            $(, values $values:expr)?
            $(, ranges $ranges:expr)?
            $(, tf ($t:literal, $f:literal))?
            $(, unit $unit:literal)?
            $(, blurb $blurb:literal)?
            ;
        )*
    ) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, dead_code)]
        #[repr(u16)]
        enum __FieldIndex { __PROTOCOL, $($fname),* }

        /// This protocol's id.
        #[allow(dead_code)]
        pub const $pname: $crate::ProtoId = $pid;
        /// The field standing for the protocol as a whole.
        #[allow(dead_code)]
        pub const PROTOCOL_FIELD: $crate::FieldId = $crate::FieldId::protocol($pid);
        $(
            #[doc = $abbrev]
            #[allow(dead_code)]
            pub const $fname: $crate::FieldId = $crate::FieldId::new($pid, __FieldIndex::$fname as u16);
        )*

        /// The protocol's definition and field table.
        pub static PROTOCOL: $crate::ProtocolDef = $crate::ProtocolDef {
            id: $pid,
            name: $long,
            short_name: $short,
            filter_name: $filter,
            fields: &[
                $crate::FieldDef {
                    abbrev: $filter,
                    name: $long,
                    ty: $crate::declare_protocol!(@ptype $($pty)?),
                    base: $crate::Base::None,
                    strings: $crate::Strings::None,
                    bitmask: 0,
                    blurb: "",
                },
                $(
                    $crate::FieldDef {
                        abbrev: $abbrev,
                        name: $label,
                        ty: $crate::FieldType::$ty,
                        base: $crate::Base::$base $(($bits))?,
                        strings: $crate::declare_protocol!(@strings $($values)? ; $($ranges)? ; $(($t, $f))? ; $($unit)?),
                        bitmask: $crate::declare_protocol!(@mask $($mask)?),
                        blurb: $crate::declare_protocol!(@blurb $($blurb)?),
                    },
                )*
            ],
        };
    };
    (@ptype) => { $crate::FieldType::Protocol };
    (@ptype $t:ident) => { $crate::FieldType::$t };
    (@mask) => { 0 };
    (@mask $m:literal) => { $m };
    (@blurb) => { "" };
    (@blurb $b:literal) => { $b };
    (@strings ; ; ; ) => { $crate::Strings::None };
    (@strings $v:expr ; ; ; ) => { $crate::Strings::Values($v) };
    (@strings ; $r:expr ; ; ) => { $crate::Strings::Ranges($r) };
    (@strings ; ; ($t:literal, $f:literal) ; ) => { $crate::Strings::TrueFalse($t, $f) };
    (@strings ; ; ; $u:literal) => { $crate::Strings::Unit($u) };
}

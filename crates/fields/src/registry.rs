//! Every protocol and field, by id and by name.

use std::collections::HashMap;

use crate::def::{FieldDef, FieldId, ProtoId, ProtocolDef};

/// The table of all protocols and fields. Built once at start-up from the protocol modules' static
/// declarations; lookups by id are two array indexings.
#[derive(Debug)]
pub struct Registry {
    /// Indexed by `ProtoId.0`; holes (unused ids) are `None`.
    protocols: Vec<Option<&'static ProtocolDef>>,
    /// Dense number of each protocol's first field, for bitsets over all fields.
    dense_base: Vec<u32>,
    field_count: u32,
    by_name: HashMap<&'static str, FieldId>,
}

/// Why a set of protocol declarations cannot form a registry: a programming error caught by a unit test.
#[derive(Debug, PartialEq, Eq)]
pub enum RegistryError {
    DuplicateProtocolId(u16, &'static str, &'static str),
    DuplicateField(&'static str),
    ProtocolFieldMismatch(&'static str),
}

impl Registry {
    pub fn new(protocols: &[&'static ProtocolDef]) -> Result<Registry, RegistryError> {
        let max_id = protocols.iter().map(|p| p.id.0 as usize).max().unwrap_or(0);
        let mut table: Vec<Option<&'static ProtocolDef>> = vec![None; max_id + 1];
        for p in protocols {
            if let Some(existing) = table[p.id.0 as usize] {
                return Err(RegistryError::DuplicateProtocolId(
                    p.id.0,
                    existing.filter_name,
                    p.filter_name,
                ));
            }
            if p.fields.first().map(|f| f.abbrev) != Some(p.filter_name) {
                return Err(RegistryError::ProtocolFieldMismatch(p.filter_name));
            }
            table[p.id.0 as usize] = Some(p);
        }
        let mut dense_base = Vec::with_capacity(table.len());
        let mut next = 0u32;
        let mut by_name = HashMap::new();
        for slot in &table {
            dense_base.push(next);
            if let Some(p) = slot {
                for (i, f) in p.fields.iter().enumerate() {
                    let id = FieldId::new(p.id, i as u16);
                    if by_name.insert(f.abbrev, id).is_some() {
                        return Err(RegistryError::DuplicateField(f.abbrev));
                    }
                }
                next += p.fields.len() as u32;
            }
        }
        Ok(Registry {
            protocols: table,
            dense_base,
            field_count: next,
            by_name,
        })
    }

    /// The definition of a field. Panics only for ids that no declaration produced (a programming error).
    #[inline]
    pub fn field(&self, id: FieldId) -> &'static FieldDef {
        &self.protocol(id.proto).fields[id.index as usize]
    }

    #[inline]
    pub fn protocol(&self, id: ProtoId) -> &'static ProtocolDef {
        self.protocols[id.0 as usize].expect("protocol id declared in the registry")
    }

    /// Looks a field or protocol up by its filter name (`ip.src`, `tcp`).
    pub fn lookup(&self, abbrev: &str) -> Option<FieldId> {
        self.by_name.get(abbrev).copied()
    }

    /// Every protocol, in id order.
    pub fn protocols(&self) -> impl Iterator<Item = &'static ProtocolDef> + '_ {
        self.protocols.iter().flatten().copied()
    }

    /// Every field with its id, protocol by protocol (each protocol's own entry first).
    pub fn fields(&self) -> impl Iterator<Item = (FieldId, &'static FieldDef)> + '_ {
        self.protocols().flat_map(|p| {
            p.fields
                .iter()
                .enumerate()
                .map(move |(i, f)| (FieldId::new(p.id, i as u16), f))
        })
    }

    /// Number of fields, protocols included; dense indexes run from 0 to this.
    pub fn field_count(&self) -> u32 {
        self.field_count
    }

    /// A number unique to the field in `0..field_count()`, for bitsets.
    #[inline]
    pub fn dense_index(&self, id: FieldId) -> u32 {
        self.dense_base[id.proto.0 as usize] + id.index as u32
    }

    /// Names close to `name`, best first, for "unknown field" messages.
    pub fn suggestions(&self, name: &str, max: usize) -> Vec<&'static str> {
        let mut scored: Vec<(usize, &'static str)> = self
            .by_name
            .keys()
            .map(|k| (edit_distance(name, k), *k))
            .filter(|(d, k)| *d <= (k.len().max(name.len()) / 3).max(2))
            .collect();
        scored.sort();
        scored.into_iter().take(max).map(|(_, k)| k).collect()
    }

    /// `tshark -G protocols`: long name, short name, filter name, tab-separated.
    pub fn write_g_protocols(&self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        for p in self.protocols() {
            writeln!(out, "{}\t{}\t{}", p.name, p.short_name, p.filter_name)?;
        }
        Ok(())
    }

    /// `tshark -G fields`: a `P` line per protocol and an `F` line per field, in tshark's column order.
    pub fn write_g_fields(&self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        for p in self.protocols() {
            writeln!(out, "P\t{}\t{}", p.name, p.filter_name)?;
            for f in &p.fields[1..] {
                writeln!(
                    out,
                    "F\t{}\t{}\t{}\t{}\t{}\t0x{:x}\t{}",
                    f.name,
                    f.abbrev,
                    f.ty.ft_name(),
                    p.filter_name,
                    f.base.g_fields_name(f.ty),
                    f.bitmask,
                    f.blurb
                )?;
            }
        }
        Ok(())
    }
}

/// Levenshtein distance over bytes; names are ASCII.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    mod demo {
        use crate::ProtoId;
        crate::declare_protocol! {
            proto DEMO = ProtoId(3), "Demo Protocol", "DEMO", "demo";
            SRC: "demo.src", "Source", Ipv4, None;
            FLAGS: "demo.flags", "Flags", UInt16, Hex, mask 0x0fff;
            SYN: "demo.flags.syn", "Syn", Boolean, Bits(12), mask 0x002;
            KIND: "demo.kind", "Kind", UInt8, Dec, values &[(1, "one"), (2, "two")];
        }
    }

    #[test]
    fn declared_fields_resolve_by_id_and_name() {
        let reg = Registry::new(&[&demo::PROTOCOL]).unwrap();
        assert_eq!(reg.field(demo::SRC).abbrev, "demo.src");
        assert_eq!(reg.field(demo::SYN).bitmask, 0x002);
        assert_eq!(reg.lookup("demo.flags"), Some(demo::FLAGS));
        assert_eq!(reg.lookup("demo"), Some(demo::PROTOCOL_FIELD));
        assert_eq!(reg.field(demo::KIND).strings.name_of(2), Some("two"));
        assert_eq!(reg.field_count(), 5);
        assert_eq!(reg.dense_index(demo::KIND), 4);
        assert_eq!(reg.suggestions("demo.sr", 3), vec!["demo.src"]);
        let mut s = String::new();
        reg.write_g_fields(&mut s).unwrap();
        assert!(
            s.contains("F\tSyn\tdemo.flags.syn\tFT_BOOLEAN\tdemo\t12\t0x2\t\n"),
            "{s}"
        );
        assert!(
            s.contains("F\tSource\tdemo.src\tFT_IPv4\tdemo\t\t0x0\t\n"),
            "{s}"
        );
        assert!(
            s.contains("F\tFlags\tdemo.flags\tFT_UINT16\tdemo\tBASE_HEX\t0xfff\t\n"),
            "{s}"
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let err = Registry::new(&[&demo::PROTOCOL, &demo::PROTOCOL]).unwrap_err();
        assert_eq!(err, RegistryError::DuplicateProtocolId(3, "demo", "demo"));
    }
}

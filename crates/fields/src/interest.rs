//! The interest set: which fields a run needs, computed before reading from the filter and the output.

use crate::def::{FieldId, ProtoId};
use crate::registry::Registry;

/// Fields and protocols wanted by this run. Dissectors consult it (through the tree) before building an
/// item, and skip protocols nobody asked for. `-V` and the UI use [`Interest::everything`].
#[derive(Debug, Clone)]
pub struct Interest {
    all: bool,
    fields: Vec<u64>,
    protocols: Vec<u64>,
    dense_base: Vec<u32>,
    /// The Protocol and Info columns are printed, so every dissector fills them in.
    pub columns: bool,
}

impl Interest {
    /// Wants every field and the columns.
    pub fn everything(registry: &Registry) -> Interest {
        let mut interest = Interest::nothing(registry);
        interest.all = true;
        interest.columns = true;
        interest
    }

    /// Wants nothing yet; add fields with [`Interest::add_field`].
    pub fn nothing(registry: &Registry) -> Interest {
        let n_fields = registry.field_count() as usize;
        let n_protos = registry
            .protocols()
            .map(|p| p.id.0 as usize + 1)
            .max()
            .unwrap_or(0);
        let dense_base = (0..n_protos as u16)
            .map(|p| registry.dense_index(FieldId::new(ProtoId(p), 0)))
            .collect();
        Interest {
            all: false,
            fields: vec![0; n_fields.div_ceil(64)],
            protocols: vec![0; n_protos.div_ceil(64)],
            dense_base,
            columns: false,
        }
    }

    /// Marks a field (and so its protocol) as wanted.
    pub fn add_field(&mut self, id: FieldId) {
        let dense = (self.dense_base[id.proto.0 as usize] + id.index as u32) as usize;
        self.fields[dense / 64] |= 1 << (dense % 64);
        let p = id.proto.0 as usize;
        self.protocols[p / 64] |= 1 << (p % 64);
    }

    /// Every field is wanted (`-V`, JSON, the UI).
    pub fn wants_everything(&self) -> bool {
        self.all
    }

    #[inline]
    pub fn wants(&self, id: FieldId) -> bool {
        if self.all {
            return true;
        }
        let dense = (self.dense_base[id.proto.0 as usize] + id.index as u32) as usize;
        self.fields[dense / 64] & (1 << (dense % 64)) != 0
    }

    /// Some field of any protocol is wanted (the columns aside): Wireshark builds a protocol tree for
    /// the packet (a display filter, fields, details), which some dissectors only read under.
    pub fn wants_any_field(&self) -> bool {
        self.all || self.protocols.iter().any(|&w| w != 0)
    }

    /// Some field of this protocol is wanted (the columns aside): when not, a dissector can skip building
    /// its items with one check.
    #[inline]
    pub fn wants_fields_of(&self, proto: ProtoId) -> bool {
        if self.all {
            return true;
        }
        let p = proto.0 as usize;
        self.protocols[p / 64] & (1 << (p % 64)) != 0
    }

    /// Some field of this protocol is wanted, or the columns are (which every protocol writes to).
    #[inline]
    pub fn wants_protocol(&self, proto: ProtoId) -> bool {
        if self.all || self.columns {
            return true;
        }
        let p = proto.0 as usize;
        self.protocols[p / 64] & (1 << (p % 64)) != 0
    }
}

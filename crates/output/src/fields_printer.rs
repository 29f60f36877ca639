//! `-T fields -e FIELD ... -E option=value`: one line per packet, one column per field.

use fields::{FieldId, PacketTree, Registry};

/// Which occurrences of a field a column shows (`-E occurrence=f|l|a`, or a 1-based number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence {
    All,
    First,
    Last,
    Nth(usize),
}

/// How values are quoted (`-E quote=d|s|n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    None,
    Double,
    Single,
}

/// The `-E` options, with tshark's defaults.
#[derive(Debug, Clone)]
pub struct FieldsOptions {
    pub header: bool,
    pub separator: String,
    pub occurrence: Occurrence,
    pub aggregator: String,
    pub quote: Quote,
}

impl Default for FieldsOptions {
    fn default() -> Self {
        FieldsOptions {
            header: false,
            separator: "\t".into(),
            occurrence: Occurrence::All,
            aggregator: ",".into(),
            quote: Quote::None,
        }
    }
}

/// An error in a `-e` or `-E` argument.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FieldsError {
    #[error("Some fields aren't valid:\n\t{name}{}", suggestion(.suggestions))]
    UnknownField {
        name: String,
        suggestions: Vec<&'static str>,
    },
    #[error(
        "invalid -E option \"{0}\": expected header=y|n, separator=/t|/s|C, occurrence=f|l|a|N, aggregator=,|/s|C, quote=d|s|n"
    )]
    BadOption(String),
}

fn suggestion(s: &[&str]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", s.join(", "))
    }
}

impl FieldsOptions {
    /// Applies one `-E` argument (`header=y`, `separator=,`, `separator=/t`, `quote=d` ...).
    pub fn apply(&mut self, arg: &str) -> Result<(), FieldsError> {
        let bad = || FieldsError::BadOption(arg.to_string());
        let (key, value) = arg.split_once('=').ok_or_else(bad)?;
        let unescape = |v: &str| match v {
            "/t" => "\t".to_string(),
            "/s" => " ".to_string(),
            other => other.to_string(),
        };
        match key {
            "header" => {
                self.header = match value {
                    "y" => true,
                    "n" => false,
                    _ => return Err(bad()),
                }
            }
            "separator" => self.separator = unescape(value),
            "aggregator" => self.aggregator = unescape(value),
            "occurrence" => {
                self.occurrence = match value {
                    "a" => Occurrence::All,
                    "f" => Occurrence::First,
                    "l" => Occurrence::Last,
                    n => Occurrence::Nth(n.parse().map_err(|_| bad())?),
                }
            }
            "quote" => {
                self.quote = match value {
                    "d" => Quote::Double,
                    "s" => Quote::Single,
                    "n" => Quote::None,
                    _ => return Err(bad()),
                }
            }
            _ => return Err(bad()),
        }
        Ok(())
    }
}

/// What one `-e` column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Field(FieldId),
    Protocol,
    Info,
    Source,
    Destination,
}

impl Column {
    /// Resolves one `-e` name: a registered field or one of tshark's `_ws.col.*` column names. An unknown
    /// name is an error that suggests close ones. Shared by `-T fields` and the JSON printers.
    pub(crate) fn resolve(registry: &Registry, name: &str) -> Result<Column, FieldsError> {
        Ok(match name {
            "_ws.col.Protocol" | "_ws.col.protocol" => Column::Protocol,
            "_ws.col.Info" | "_ws.col.info" => Column::Info,
            "_ws.col.Source" | "_ws.col.def_src" => Column::Source,
            "_ws.col.Destination" | "_ws.col.def_dst" => Column::Destination,
            _ => match registry.lookup(name) {
                Some(id) => Column::Field(id),
                None => {
                    return Err(FieldsError::UnknownField {
                        name: name.to_string(),
                        suggestions: registry.suggestions(name, 3),
                    });
                }
            },
        })
    }

    /// The column text of a non-field column (`None` for fields, whose values come from the tree).
    pub(crate) fn column_text(self, tree: &PacketTree) -> Option<&str> {
        match self {
            Column::Protocol => Some(&tree.protocol_column),
            Column::Info => Some(&tree.info),
            Column::Source => Some(&tree.src_column),
            Column::Destination => Some(&tree.dst_column),
            Column::Field(_) => None,
        }
    }
}

/// Prints the `-T fields` lines.
#[derive(Debug)]
pub struct FieldsPrinter {
    names: Vec<String>,
    columns: Vec<Column>,
    options: FieldsOptions,
    values: Vec<String>,
    /// Occurrences seen so far of each column's field in the packet being written (kept to save an
    /// allocation per packet).
    counts: Vec<usize>,
}

impl FieldsPrinter {
    /// Resolves the `-e` names against the registry; an unknown name is an error that suggests close ones.
    pub fn new(
        registry: &Registry,
        names: &[String],
        options: FieldsOptions,
    ) -> Result<FieldsPrinter, FieldsError> {
        let mut columns = Vec::with_capacity(names.len());
        for name in names {
            columns.push(Column::resolve(registry, name)?);
        }
        Ok(FieldsPrinter {
            names: names.to_vec(),
            values: vec![String::new(); columns.len()],
            counts: vec![0; columns.len()],
            columns,
            options,
        })
    }

    /// Adds what the columns need to the interest set.
    pub fn add_interest(&self, interest: &mut fields::Interest) {
        for c in &self.columns {
            match c {
                Column::Field(id) => interest.add_field(*id),
                _ => interest.columns = true,
            }
        }
    }

    /// The header line (`-E header=y`), or nothing.
    pub fn write_header(&self, out: &mut String) {
        if self.options.header {
            out.push_str(&self.names.join(&self.options.separator));
            out.push('\n');
        }
    }

    /// Appends one packet's line to `out`.
    pub fn write_row(
        &mut self,
        registry: &Registry,
        tree: &PacketTree,
        frame: &[u8],
        out: &mut String,
    ) {
        let counts = &mut self.counts;
        counts.fill(0);
        for v in &mut self.values {
            v.clear();
        }
        // One pass over the tree, in tree order, so occurrences come out as tshark lists them.
        for item in tree.items() {
            for (i, column) in self.columns.iter().enumerate() {
                if *column != Column::Field(item.field) {
                    continue;
                }
                counts[i] += 1;
                let keep = match self.options.occurrence {
                    Occurrence::All => true,
                    Occurrence::First => counts[i] == 1,
                    Occurrence::Last => {
                        self.values[i].clear();
                        true
                    }
                    Occurrence::Nth(n) => counts[i] == n,
                };
                if !keep {
                    continue;
                }
                let v = &mut self.values[i];
                if !v.is_empty() || (counts[i] > 1 && self.options.occurrence == Occurrence::All) {
                    v.push_str(&self.options.aggregator);
                }
                fields::format::write_field_value(registry, tree, frame, item, v);
            }
        }
        for (i, column) in self.columns.iter().enumerate() {
            if let Some(text) = column.column_text(tree) {
                self.values[i].push_str(text);
            }
        }
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                out.push_str(&self.options.separator);
            }
            match self.options.quote {
                Quote::None => out.push_str(v),
                Quote::Double => {
                    out.push('"');
                    out.push_str(v);
                    out.push('"');
                }
                Quote::Single => {
                    out.push('\'');
                    out.push_str(v);
                    out.push('\'');
                }
            }
        }
        out.push('\n');
    }
}

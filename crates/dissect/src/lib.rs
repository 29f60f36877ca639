//! Dissection: the field registry, the packet field tree and one module per protocol (issue 3 fills this in).
#![forbid(unsafe_code)]

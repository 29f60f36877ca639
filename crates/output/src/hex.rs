//! `-x`: hex and ASCII dumps of a packet's bytes as tshark prints them, the frame first, then each extra
//! data source (reassembled or decoded bytes) under its name.

use std::fmt::Write as _;

use fields::PacketTree;

/// Appends a dump of `bytes`: 16 bytes a line, the offset in at least four hex digits (more when the data
/// is longer than 64 KiB, as tshark widens it), the bytes in hex, then the bytes as ASCII with `.` for
/// anything not printable.
pub fn write_hex_dump(out: &mut String, bytes: &[u8]) {
    let last = bytes.len().saturating_sub(1) as u64;
    let digits = ((64 - last.leading_zeros()) as usize).div_ceil(4).max(4);
    for (n, line) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "{:0digits$x}  ", n * 16);
        for (i, b) in line.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let _ = write!(out, "{b:02x}");
        }
        // The ASCII column starts at the same place on every line.
        for _ in line.len()..16 {
            out.push_str("   ");
        }
        out.push_str("   ");
        for &b in line {
            out.push(if (0x20..0x7f).contains(&b) {
                b as char
            } else {
                '.'
            });
        }
        out.push('\n');
    }
}

/// Appends the `-x` output of one packet: the frame's dump, and when the packet has extra data sources a
/// `Frame (N bytes):` heading before it and a `NAME (N bytes):` heading and dump for each source; then the
/// blank line that ends the packet.
pub fn write_packet_hex(out: &mut String, tree: &PacketTree, frame: &[u8]) {
    let sources = tree.sources();
    if !sources.is_empty() {
        let _ = writeln!(out, "Frame ({} bytes):", frame.len());
    }
    write_hex_dump(out, frame);
    for (i, source) in sources.iter().enumerate() {
        let bytes = tree.source_bytes(frame, i as u16 + 1);
        let _ = writeln!(out, "{} ({} bytes):", source.name, bytes.len());
        write_hex_dump(out, bytes);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_lines_as_tshark_prints_them() {
        // tshark -n -r tests/data/boot-and-browse.pcapng -x: the first line of frame 1 and the last of frame 2.
        let mut s = String::new();
        write_hex_dump(
            &mut s,
            &[
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x02, 0x02, 0x08, 0x00,
                0x45, 0x10,
            ],
        );
        assert_eq!(
            s,
            "0000  ff ff ff ff ff ff 02 00 00 00 02 02 08 00 45 10   ..............E.\n"
        );
        let mut frame = vec![0u8; 0x150];
        frame.extend_from_slice(&[
            0x04, 0xc0, 0x00, 0x02, 0x01, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01, 0xff,
        ]);
        let mut s = String::new();
        write_hex_dump(&mut s, &frame);
        assert_eq!(
            s.lines().last().unwrap(),
            "0150  04 c0 00 02 01 03 04 c0 00 02 01 ff               ............"
        );
    }

    #[test]
    fn long_data_widens_the_offset() {
        // Wireshark uses as many offset digits as the last offset needs, at least four.
        let mut s = String::new();
        write_hex_dump(&mut s, &vec![0x41; 0x10001]);
        assert!(s.starts_with("00000  41 41"), "{}", &s[..20]);
        let last = format!("10000  41{}A\n", " ".repeat(15 * 3 + 3));
        assert!(s.ends_with(&last), "{}", &s[s.len() - 80..]);
    }
}

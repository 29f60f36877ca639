//! Wireshark's own pseudo-fields: malformed packets and expert information.

fields::declare_protocol! {
    proto WS = super::ids::WS, "Wireshark internal", "_ws", "_ws";
    MALFORMED: "_ws.malformed", "Malformed Packet", Protocol, None;
    MALFORMED_EXPERT: "_ws.malformed.expert", "Malformed Packet (Exception occurred)", None, None;
    EXPERT: "_ws.expert", "Expert Info", None, None;
    EXPERT_MESSAGE: "_ws.expert.message", "Message", String, None;
    EXPERT_SEVERITY: "_ws.expert.severity", "Severity level", UInt32, None,
        values &[(0x0020_0000, "Chat"), (0x0040_0000, "Note"), (0x0060_0000, "Warning"), (0x0080_0000, "Error"), (0x0010_0000, "Comment")];
    EXPERT_GROUP: "_ws.expert.group", "Group", UInt32, None,
        values &[(0x0100_0000, "Checksum"), (0x0200_0000, "Sequence"), (0x0300_0000, "Response code"), (0x0400_0000, "Request code"), (0x0500_0000, "Undecoded"), (0x0600_0000, "Reassemble"), (0x0700_0000, "Malformed"), (0x0800_0000, "Debug"), (0x0900_0000, "Protocol"), (0x0a00_0000, "Security"), (0x0b00_0000, "Comment"), (0x0c00_0000, "Decryption"), (0x0d00_0000, "Assumption"), (0x0e00_0000, "Deprecated")];
    SHORT: "_ws.short", "Short Frame", Protocol, None;
    TEXT: "text", "Text item", None, None;
    TRAILING_STRAY_CHARACTERS: "_ws.string.trailing_stray_characters", "Trailing stray characters", None, None;
    UNREASSEMBLED: "_ws.unreassembled", "Unreassembled fragmented packet", None, None;
    MALFORMED_DISSECTOR_BUG: "_ws.malformed.dissector_bug", "Dissector bug", None, None;
}

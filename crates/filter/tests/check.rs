//! Table-driven checker tests: filters that parse but that Wireshark 4.0's semantic check refuses, each with
//! tshark's message and the bytes its caret points at (`None`: tshark shows no caret), and filters it
//! accepts, with the fields they read.
//!
//! Every row of `ERRORS` was produced by tshark 4.0.17 (`tshark -r tests/data/boot-and-browse.pcapng -Y
//! EXPR`): the message is its first line, the span is where its caret line points (columns converted to
//! bytes). Known differences, not in the table: regular expression error texts (tshark's come from PCRE2),
//! and fields whose value names wiresift's registry does not have yet (`frame.encap_type == "ETHERNET"`).

use filter::Filter;

/// A filter, tshark's message, and the byte range of its caret (`None`: no caret).
type ErrorRow = (&'static str, &'static str, Option<(usize, usize)>);

#[rustfmt::skip]
const ERRORS: &[ErrorRow] = &[
    (r#"ip.src == "foo""#, r#"IPv4 address cannot be converted from a string ("foo")."#, Some((10, 15))),
    ("tcp.port contains 3", "tcp.port (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.", Some((0, 8))),
    ("ip.srcc == 1", r#"Left side of "==" expression must be a field or function, not ip.srcc."#, Some((0, 7))),
    ("foo", "foo is neither a field nor a protocol name.", Some((0, 3))),
    ("ip.src == 1.2.3", r#""1.2.3" is not a valid hostname or IPv4 address."#, Some((10, 15))),
    ("tcp.port == 99999", r#""99999" too big for this field, maximum 65535."#, Some((12, 17))),
    ("tcp.port == abc", r#""abc" is not a valid number."#, Some((12, 15))),
    ("eth.src == 1.2.3.4", r#""1.2.3.4" contains too few bytes to be a valid Ethernet address."#, Some((11, 18))),
    ("ip.src == eth.src", "ip.src and eth.src are not of compatible types.", Some((10, 17))),
    ("frame.len == 1.5", r#""1.5" is not a valid number."#, Some((13, 16))),
    (r#"frame.time > "foo""#, r#""foo" is not a valid absolute time. Example: "Nov 12, 1999 08:55:44.123" or "2011-07-04 12:34:56""#, Some((13, 18))),
    (r#"ip.src matches "a""#, "ip.src (type=IPv4 address) cannot participate in matches comparison.", Some((0, 6))),
    (r#"lower(tcp.port) == "a""#, "Only string type fields can be used as parameter for lower()", Some((6, 14))),
    ("tcp.port[0] == 1", r#""tcp.port" is a Unsigned integer (2 bytes) and cannot be sliced into a sequence of bytes."#, Some((0, 8))),
    ("arp.opcode == foo", r#""foo" cannot be found among the possible values for arp.opcode."#, Some((14, 17))),
    ("ip.ttl == 256", r#""256" too big for this field, maximum 255."#, Some((10, 13))),
    ("count(tcp.port, 1) == 1", "Function count can only accept 1 arguments.", Some((0, 5))),
    (r#"abs("a") == 1"#, "Type STRING is not valid for abs", Some((4, 7))),
    (r#"tcp.port + "a" == 1"#, r#""a" is not a valid arithmetic operand."#, Some((11, 14))),
    ("ip.src + 1 == 1", "FT_IPv4 cannot +.", Some((0, 6))),
    ("ip.src == 1.2.3.4/33", "Netmask bits in a CIDR IPv4 address should be <= 32, not 33", Some((10, 20))),
    ("1 == tcp.port", r#"Left side of "==" expression must be a field or function, not 1."#, Some((0, 1))),
    (r#""a" == "b""#, r#"Left side of "==" expression must be a field or function, not "a"."#, Some((0, 3))),
    ("tcp.port == foo.bar", r#""foo.bar" is not a valid number."#, Some((12, 19))),
    ("tcp.port == ip.srcc", r#""ip.srcc" is not a valid number."#, Some((12, 19))),
    ("ip.srcc", "ip.srcc is neither a field nor a protocol name.", Some((0, 7))),
    (r#"ip.srcc contains "a""#, "Left side of contains expression must be a field or function, not ip.srcc.", Some((0, 7))),
    ("ip.srcc in {1}", "Only a field may be tested for membership in a set.", Some((0, 7))),
    ("tcp.port in {1, abc}", r#""abc" is not a valid number."#, Some((16, 19))),
    ("tcp.port in {1..abc}", r#""abc" is not a valid number."#, Some((16, 19))),
    ("frame.comment.expert == 1", "frame.comment.expert (type=Label) cannot participate in == comparison.", Some((0, 20))),
    ("tcp.port == 1.2.3.4", r#""1.2.3.4" is not a valid number."#, Some((12, 19))),
    ("eth.src == 00:11", r#""00:11" contains too few bytes to be a valid Ethernet address."#, Some((11, 16))),
    ("eth.src == 00:11:22:33:44:55:66", r#""00:11:22:33:44:55:66" contains too many bytes to be a valid Ethernet address."#, Some((11, 31))),
    (r#"eth.src == "00:11:22:33:44:55""#, r#"Ethernet or other MAC address cannot be converted from a string ("00:11:22:33:44:55")."#, Some((11, 30))),
    ("frame.time_relative > abc", r#""abc" is not a valid time."#, Some((22, 25))),
    (r#"frame.time_relative == "1""#, r#"Time offset cannot be converted from a string ("1")."#, Some((23, 26))),
    ("ip.flags.df == yes", r#""yes" cannot be found among the possible values for ip.flags.df."#, Some((15, 18))),
    ("ipv6.src == 1.2.3.4", r#""1.2.3.4" is not a valid hostname or IPv6 address."#, Some((12, 19))),
    ("ipv6.src == fe80::/129", "Prefix in a IPv6 address should be <= 128, not 129", Some((12, 22))),
    ("len(1) == 1", "Only fields can be used as parameter for len()", Some((4, 5))),
    ("len() == 1", "Function len needs at least 1 arguments.", Some((0, 3))),
    ("len(tcp.port, tcp.port) == 1", "Function len can only accept 1 arguments.", Some((0, 3))),
    ("max(ip.src) == 1", r#""1" is not a valid hostname or IPv4 address."#, Some((15, 16))),
    (r#"max(tcp.port, "a") == 1"#, r#"Argument '"a"' is not valid for max()"#, Some((14, 17))),
    ("max(tcp.port, ip.ttl) == 1", "Arguments to 'max' must have the same type (expected FT_UINT16, got FT_UINT8)", Some((14, 20))),
    (r#"lower("A") == "a""#, "Only string type fields can be used as parameter for lower()", Some((6, 9))),
    (r#"tcp.port matches "1""#, "tcp.port (type=Unsigned integer (2 bytes)) cannot participate in matches comparison.", Some((0, 8))),
    (r#"tcp.port in {"a"}"#, r#"Unsigned integer (2 bytes) cannot be converted from a string ("a")."#, Some((13, 16))),
    ("tcp.port == 0x1g", r#""0x1g" is not a valid number."#, Some((12, 16))),
    ("tcp.port == 0b12", r#""0b12" is not a valid number."#, Some((12, 16))),
    ("tcp.port == 08", r#""08" is not a valid number."#, Some((12, 14))),
    ("frame.number == 1.5", r#""1.5" is not a valid number."#, Some((16, 19))),
    (r#"frame.len == "a""#, r#"Unsigned integer (4 bytes) cannot be converted from a string ("a")."#, Some((13, 16))),
    ("tcp.payload == zz", r#""zz" is not a valid byte string."#, Some((15, 17))),
    ("eth.src == foo", r#""foo" is not a valid Ethernet address."#, Some((11, 14))),
    ("tcp.srcport > 100000", r#""100000" too big for this field, maximum 65535."#, Some((14, 20))),
    ("frame.encap_type == -40000", r#""40000" too big for this field, maximum 32767."#, Some((21, 26))),
    ("ip.src == ipv6.src", "ip.src and ipv6.src are not of compatible types.", Some((10, 18))),
    ("frame.time == frame.time_relative", "frame.time and frame.time_relative are not of compatible types.", Some((14, 33))),
    ("tcp.flags.syn == tcp.port", "tcp.flags.syn and tcp.port are not of compatible types.", Some((17, 25))),
    ("eth.src == frame.protocols", "eth.src and frame.protocols are not of compatible types.", Some((11, 26))),
    ("frame.protocols == tcp.payload", "frame.protocols and tcp.payload are not of compatible types.", Some((19, 30))),
    ("tcp.port == ip", "tcp.port and ip are not of compatible types.", Some((12, 14))),
    ("len(frame.protocols)", "You cannot test whether a function is present.", Some((0, 3))),
    ("lower(tcp.port)", "You cannot test whether a function is present.", Some((0, 5))),
    ("frame.len_lt_caplen == 1", "frame.len_lt_caplen (type=Label) cannot participate in == comparison.", Some((0, 19))),
    (r#"frame.comment.expert contains "a""#, "frame.comment.expert (type=Label) cannot participate in contains comparison.", Some((0, 20))),
    ("frame.number + 1.5 == 1", r#""1.5" is not a valid number."#, Some((15, 18))),
    ("frame.time_delta * 2 > 0", "FT_RELATIVE_TIME cannot *.", Some((0, 16))),
    ("frame.comment.expert > 1", "frame.comment.expert (type=Label) cannot participate in > comparison.", Some((0, 20))),
    ("ip.src == 10.0.0.1 == ip.dst", r#"Left side of "==" expression must be a field or function, not 10.0.0.1."#, Some((10, 18))),
    ("frame.time > 1700000000", r#""1700000000" is not a valid absolute time. Example: "Nov 12, 1999 08:55:44.123" or "2011-07-04 12:34:56""#, Some((13, 23))),
    (r#""abc"[0] == 61"#, r#"Range is not supported for entity "abc""#, Some((0, 5))),
    ("tcp.flags.syn == true", r#""true" cannot be found among the possible values for tcp.flags.syn."#, Some((17, 21))),
    (r#"string(tcp.flags.syn) == "1""#, r#"String conversion for field "tcp.flags.syn" is not supported"#, Some((7, 20))),
    (r#"string(frame.time_relative) == "0""#, r#"String conversion for field "frame.time_relative" is not supported"#, Some((7, 26))),
    (r#"lower(frame.protocols[0:3]) == "eth""#, "Only string type fields can be used as parameter for lower()", None),
    (r#"string(frame.protocols[0:3]) == "eth""#, "Only fields can be used as parameter for string()", None),
    ("len(frame.protocols[0:3]) == 3", "Only fields can be used as parameter for len()", None),
    (r#"lower(upper(frame.protocols)) contains "arp""#, "Only string type fields can be used as parameter for lower()", Some((6, 11))),
    ("ip.ttl == 1 and foo.bar", "foo.bar is neither a field nor a protocol name.", Some((16, 23))),
    ("tcp.port == 80 or ip.srcc == 1", r#"Left side of "==" expression must be a field or function, not ip.srcc."#, Some((18, 25))),
    ("not ip.srcc", "ip.srcc is neither a field nor a protocol name.", Some((4, 11))),
    ("ip.src in {1.2.3.4, foo}", r#""foo" is not a valid hostname or IPv4 address."#, Some((20, 23))),
    ("tcp.flags & ip.src == 0", "tcp.flags and ip.src are not type compatible.", Some((12, 18))),
    (r#"tcp.port & "a""#, r#""a" is not a valid arithmetic operand."#, Some((11, 14))),
    ("eth.src & 1 == 1", r#""1" contains too few bytes to be a valid Ethernet address."#, Some((10, 11))),
    ("ip.src - 1 == 0", "FT_IPv4 cannot -.", Some((0, 6))),
    ("frame.time + 1 > 0", "FT_ABSOLUTE_TIME cannot +.", Some((0, 10))),
    ("frame.time_relative * 2 > 0", "FT_RELATIVE_TIME cannot *.", Some((0, 19))),
    ("-ip.src == 1", "FT_IPv4 cannot -.", Some((1, 7))),
    (r#"-frame.protocols == "a""#, "FT_STRING cannot -.", Some((1, 16))),
    (r#"frame[0:2] == "a" + 1"#, r#""a" is not a valid arithmetic operand."#, Some((14, 17))),
    ("count(1) == 1", "Only fields can be used as parameter for count()", Some((6, 7))),
    ("count(len(tcp.port)) == 1", "Only fields can be used as parameter for count()", Some((6, 9))),
    ("abs(ip.src) == 1", "'ip.src' is not a valid argument to 'abs'()", Some((4, 10))),
    ("max() == 1", "Function max needs at least 1 arguments.", Some((0, 3))),
    ("min(frame.len, frame.time_relative) > 0", "Arguments to 'min' must have the same type (expected FT_UINT32, got FT_RELATIVE_TIME)", Some((15, 34))),
    (r#"upper(frame.protocols, frame.protocols) == "A""#, "Function upper can only accept 1 arguments.", Some((0, 5))),
    (r#"string() == "a""#, "Function string needs at least 1 arguments.", Some((0, 6))),
    (r#"string(1) == "a""#, "Only fields can be used as parameter for string()", Some((7, 8))),
    ("tcp.port contains tcp.port", "tcp.port (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.", Some((0, 8))),
    ("frame contains zz", r#""zz" is not a valid byte string."#, Some((15, 17))),
    ("tcp.payload matches tcp.payload", "Matches requires a double quoted string on the right side.", Some((20, 31))),
    ("frame.len == ${foo.bar}", "macro 'foo.bar' does not exist", None),
    (".foo.bar == 1", r#""foo.bar" is not a valid protocol or protocol field."#, Some((0, 8))),
    ("foo.bar#2 == 1", "foo.bar is not a valid field", Some((0, 7))),
    (r#"ip.src#1 == "a""#, r#"IPv4 address cannot be converted from a string ("a")."#, Some((12, 15))),
    ("tcp.port in {80, 443..abc}", r#""abc" is not a valid number."#, Some((22, 25))),
    ("tcp.port in {ip.src}", "tcp.port and ip.src are not of compatible types.", Some((13, 19))),
    ("ip.addr == 256.1.1.1", r#""256.1.1.1" is not a valid hostname or IPv4 address."#, Some((11, 20))),
    ("ip.addr == 1.2.3.4/x", "FT_IPv4 cannot /.", Some((11, 18))),
    ("ip.addr == 1.2.3.4/", "Unexpected end of filter expression.", None),
    ("ipv6.addr == fe80::1::2", r#""::2" was unexpected in this context."#, Some((20, 23))),
    ("ipv6.addr == fe80::/64x", r#""x" was unexpected in this context."#, Some((22, 23))),
    ("eth.addr == 00:11:22:33:44:gg", r#"":" was unexpected in this context."#, Some((26, 27))),
    ("eth.addr == 0011.2233.4455.66", r#""0011.2233.4455.66" contains too many bytes to be a valid Ethernet address."#, Some((12, 29))),
    (r#"frame.time == "2011-07-04 25:00:00""#, "Unexpected data after time value.", Some((14, 35))),
    ("frame.time_relative == -abc", r#""abc" is not a valid time."#, Some((24, 27))),
    (r#"tcp.flags.syn == "yes""#, r#""yes" cannot be found among the possible values for tcp.flags.syn."#, Some((17, 22))),
    ("tcp.port == -99999", r#""99999" too big for this field, maximum 65535."#, Some((13, 18))),
    (r#"arp.opcode == "foo""#, r#""foo" cannot be found among the possible values for arp.opcode."#, Some((14, 19))),
    ("arp.opcode == 99999", r#""99999" cannot be found among the possible values for arp.opcode."#, Some((14, 19))),
    ("ip.proto == tcp", "ip.proto and tcp are not of compatible types.", Some((12, 15))),
    ("all ip.srcc == 1", r#"Left side of "==" expression must be a field or function, not ip.srcc."#, Some((4, 11))),
    ("any tcp.port contains 1", "tcp.port (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.", Some((4, 12))),
    ("ip.len > ip.srcc", r#""ip.srcc" is not a valid number."#, Some((9, 16))),
];

/// Filters tshark 4.0.17 accepts, with the fields and protocols they read (in order of first mention).
#[rustfmt::skip]
const ACCEPTED: &[(&str, &str)] = &[
    ("tcp.port == 80", "tcp.port"),
    ("ip.src != ip.dst", "ip.src ip.dst"),
    ("arp.opcode == reply", "arp.opcode"),
    (r#"arp.opcode == "REPLY""#, "arp.opcode"),
    ("ip.addr#2 == 10.0.0.1", "ip.addr ip"),
    ("eth.src[0:3] == 00:0c:29", "eth.src"),
    ("len(tcp) >= 20 and count(ip.addr) == 2", "tcp ip.addr"),
    ("tcp.flags & 0x12 == 0x12", "tcp.flags"),
    ("frame contains 47:45:54 or frame matches \"(?i)get\"", "frame"),
    ("ip.flags.df == set", "ip.flags.df"),
    ("tcp.flags.syn == True", "tcp.flags.syn"),
    ("frame.time > \"2020-01-01\"", "frame.time"),
    ("frame.time_relative > 0.5e-1", "frame.time_relative"),
    ("tcp.port == -1", "tcp.port"),
    ("tcp.payload == 1.2.3.4", "tcp.payload"),
    ("eth.src == 000c.2900.0001", "eth.src"),
    ("max(tcp.srcport, tcp.dstport, 1) > 0", "tcp.srcport tcp.dstport"),
    ("string(ip.src) contains \"192\"", "ip.src"),
    ("frame.len == ${frame.len}", "frame.len"),
    ("tcp.port in {1..1023, 8080} and not udp", "tcp.port udp"),
];

#[test]
fn checker_errors_messages_and_spans() {
    let registry = dissect::registry();
    let mut failures = Vec::new();
    for &(input, message, span) in ERRORS {
        match Filter::compile(input, registry) {
            Ok(f) => failures.push(format!(
                "{input:?}: compiled as {}, want {message:?}",
                f.canonical()
            )),
            Err(e) => {
                let got_span = e.located.then_some((e.span.start, e.span.end));
                if e.message != message || got_span != span {
                    failures.push(format!(
                        "{input:?}: got {:?} at {got_span:?}, want {message:?} at {span:?}",
                        e.message
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn accepted_filters_and_their_fields() {
    let registry = dissect::registry();
    let mut failures = Vec::new();
    for &(input, fields) in ACCEPTED {
        match Filter::compile(input, registry) {
            Ok(f) => {
                let got: Vec<&str> = f
                    .fields()
                    .iter()
                    .map(|id| registry.field(*id).abbrev)
                    .collect();
                if got.join(" ") != fields {
                    failures.push(format!("{input:?}: reads {got:?}, want {fields:?}"));
                }
            }
            Err(e) => failures.push(format!("{input:?}: {} at {:?}", e.message, e.span)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn table_size() {
    assert!(
        ERRORS.len() + ACCEPTED.len() >= 140,
        "only {} cases",
        ERRORS.len() + ACCEPTED.len()
    );
}

#[test]
fn unknown_names_get_suggestions() {
    let registry = dissect::registry();
    let input = "ip.srcc == 1";
    let e = Filter::compile(input, registry).unwrap_err();
    assert!(e.suggestions.contains(&"ip.src"), "{:?}", e.suggestions);
    assert_eq!(
        e.render(input).lines().next_back().unwrap(),
        format!("    Did you mean {}?", e.suggestions.join(", "))
    );
    let e = Filter::compile("tcp.port == ip.dstt", registry).unwrap_err();
    assert_eq!(e.message, r#""ip.dstt" is not a valid number."#);
    assert!(e.suggestions.contains(&"ip.dst"), "{:?}", e.suggestions);
    // A literal that is not a name gets none.
    let e = Filter::compile("ip.flags.df == yes", registry).unwrap_err();
    assert!(e.suggestions.is_empty(), "{:?}", e.suggestions);
}

//! A DER reader that keeps byte positions: every value's header and content offsets in the frame, so
//! that each item of the certificate tree covers the bytes tshark's BER dissector gives it.

/// One DER value: its first identifier byte, and where its header, content and end lie in the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv {
    pub tag: u8,
    pub start: usize,
    pub content: usize,
    pub end: usize,
}

impl Tlv {
    /// Length of the content.
    pub fn len(&self) -> usize {
        self.end - self.content
    }
    /// Length of header and content.
    pub fn whole(&self) -> usize {
        self.end - self.start
    }
    /// The content bytes.
    pub fn bytes<'d>(&self, d: &'d [u8]) -> &'d [u8] {
        &d[self.content..self.end]
    }
    /// The values inside a constructed one.
    pub fn children(&self) -> Children {
        Children {
            at: self.content,
            end: self.end,
        }
    }
}

/// Reads the value at `d[at..end]`; `None` when it is not DER this reader takes (a high tag number,
/// an indefinite or over-long length, or one running past `end`).
pub fn read(d: &[u8], at: usize, end: usize) -> Option<Tlv> {
    let d = d.get(..end)?;
    let tag = *d.get(at)?;
    // Certificates use no tag numbers of 31 and above.
    if tag & 0x1f == 0x1f {
        return None;
    }
    let first = *d.get(at + 1)?;
    let (len, header) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return None;
        }
        let mut v = 0usize;
        for i in 0..n {
            v = (v << 8) | *d.get(at + 2 + i)? as usize;
        }
        (v, 2 + n)
    };
    let content = at + header;
    let stop = content.checked_add(len)?;
    (stop <= end).then_some(Tlv {
        tag,
        start: at,
        content,
        end: stop,
    })
}

/// Where a value inside `d[at..end]` first declares a length running past the value that holds it
/// (the outermost at `end`), looking into constructed values down to a bounded depth: tshark's BER
/// dissector raises an exception there. `None` when every length fits, or at a header this reader
/// does not take.
pub fn first_overrun(d: &[u8], at: usize, end: usize) -> Option<usize> {
    overrun_in(d, at, end, 0)
}

fn overrun_in(d: &[u8], mut at: usize, end: usize, depth: u8) -> Option<usize> {
    const MAX_DEPTH: u8 = 32;
    while at < end {
        let h = header(d, at)?;
        h.len?;
        // A length no offset can hold runs past `end` too.
        let stop = h.end().unwrap_or(usize::MAX);
        if stop > end {
            return Some(at);
        }
        if h.constructed
            && depth < MAX_DEPTH
            && let Some(o) = overrun_in(d, h.content, stop, depth + 1)
        {
            return Some(o);
        }
        at = stop;
    }
    None
}

/// One BER identifier and length as read, before anything is checked against the data that holds
/// the value: for readers (LDAP) that must show a length running past its container as tshark does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The class bits (0 universal, 1 application, 2 context, 3 private).
    pub class: u8,
    pub constructed: bool,
    /// The tag number, from the low five bits or the following base-128 bytes.
    pub tag: u32,
    /// Where the identifier starts and the content starts.
    pub start: usize,
    pub content: usize,
    /// The declared content length; `None` for the indefinite form.
    pub len: Option<u64>,
}

impl Header {
    /// Where the value ends (its content and declared length); `None` for the indefinite form or an
    /// end past what an offset can hold.
    pub fn end(&self) -> Option<usize> {
        usize::try_from(self.len?).ok()?.checked_add(self.content)
    }
}

/// Reads the identifier and length at `d[at..]`: `None` when they run past the end of `d` (or a tag
/// number past 32 bits or a length of more than 8 bytes, which nothing could hold).
pub fn header(d: &[u8], at: usize) -> Option<Header> {
    let first = *d.get(at)?;
    let mut tag = u32::from(first & 0x1f);
    let mut i = at + 1;
    if tag == 0x1f {
        tag = 0;
        loop {
            let b = *d.get(i)?;
            i += 1;
            if tag > (u32::MAX >> 7) {
                return None;
            }
            tag = (tag << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let l = *d.get(i)?;
    i += 1;
    let len = if l < 0x80 {
        Some(u64::from(l))
    } else if l == 0x80 {
        None
    } else {
        let n = (l & 0x7f) as usize;
        if n > 8 {
            return None;
        }
        let mut v = 0u64;
        for k in 0..n {
            v = (v << 8) | u64::from(*d.get(i + k)?);
        }
        i += n;
        Some(v)
    };
    Some(Header {
        class: first >> 6,
        constructed: first & 0x20 != 0,
        tag,
        start: at,
        content: i,
        len,
    })
}

/// The values inside a constructed value, in order; it stops at the first that does not read.
#[derive(Debug, Clone)]
pub struct Children {
    at: usize,
    end: usize,
}

impl Children {
    /// The next value, read from `d`.
    pub fn next(&mut self, d: &[u8]) -> Option<Tlv> {
        if self.at >= self.end {
            return None;
        }
        let t = read(d, self.at, self.end)?;
        self.at = t.end;
        Some(t)
    }
    /// The next value if its tag is `tag`; otherwise nothing is taken.
    pub fn next_if(&mut self, d: &[u8], tag: u8) -> Option<Tlv> {
        let t = read(d, self.at, self.end).filter(|t| t.tag == tag)?;
        self.at = t.end;
        Some(t)
    }
    /// All the values left, read from `d`.
    pub fn all(mut self, d: &[u8]) -> Vec<Tlv> {
        let mut v = Vec::new();
        while let Some(t) = self.next(d) {
            v.push(t);
        }
        v
    }
}

/// An object identifier's content in dotted form ("2.5.4.3"); `None` for a malformed one.
pub fn oid_string(b: &[u8]) -> Option<String> {
    if b.is_empty() || b[b.len() - 1] & 0x80 != 0 {
        return None;
    }
    let mut out = String::new();
    let mut v: u64 = 0;
    let mut first = true;
    for &byte in b {
        if v > (u64::MAX >> 7) {
            return None;
        }
        v = (v << 7) | (byte & 0x7f) as u64;
        if byte & 0x80 == 0 {
            if first {
                let (a, rest) = match v {
                    0..40 => (0, v),
                    40..80 => (1, v - 40),
                    _ => (2, v - 80),
                };
                out.push_str(&format!("{a}.{rest}"));
                first = false;
            } else {
                out.push_str(&format!(".{v}"));
            }
            v = 0;
        }
    }
    Some(out)
}

/// A big-endian signed INTEGER's content as an i64, when it fits.
pub fn int_value(b: &[u8]) -> Option<i64> {
    if b.is_empty() || b.len() > 8 {
        return None;
    }
    let mut v: i64 = if b[0] & 0x80 != 0 { -1 } else { 0 };
    for &x in b {
        v = (v << 8) | x as i64;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let d = [0x30, 0x03, 0x02, 0x01, 0x05];
        let t = read(&d, 0, d.len()).unwrap();
        assert_eq!((t.tag, t.content, t.end), (0x30, 2, 5));
        let inner = t.children().next(&d).unwrap();
        assert_eq!(int_value(inner.bytes(&d)), Some(5));
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([0u8; 0x80]);
        let t = read(&long, 0, long.len()).unwrap();
        assert_eq!((t.content, t.len()), (3, 128));
        // Past the end, indefinite, high tag: refused.
        assert!(read(&long[..50], 0, 50).is_none());
        assert!(read(&[0x30, 0x80, 0, 0], 0, 4).is_none());
        assert!(read(&[0x1f, 0x01, 0], 0, 3).is_none());
    }

    /// suricata/damaged-tls_DER-incomplete-header.pcap's certificate: 30 05 { 30 84 ff ff ff fa ... },
    /// an inner length past its container, where tshark's BER dissector raises an exception.
    #[test]
    fn finds_a_length_past_its_container() {
        let cert = [0x30, 0x05, 0x30, 0x84, 0xff, 0xff, 0xff, 0xfa, 0x04];
        assert_eq!(first_overrun(&cert, 0, cert.len()), Some(2));
        let fine = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x05];
        assert_eq!(first_overrun(&fine, 0, fine.len()), None);
        // The outer value itself runs past what holds it.
        assert_eq!(first_overrun(&fine, 0, 5), Some(0));
    }

    #[test]
    fn oids_in_dotted_form() {
        assert_eq!(oid_string(&[0x55, 0x04, 0x03]).unwrap(), "2.5.4.3");
        assert_eq!(
            oid_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).unwrap(),
            "1.2.840.113549.1.1.11"
        );
        assert!(oid_string(&[0x2a, 0x86]).is_none());
        assert_eq!(int_value(&[0xff]), Some(-1));
        assert_eq!(int_value(&[0x01, 0x00, 0x01]), Some(65537));
    }
}

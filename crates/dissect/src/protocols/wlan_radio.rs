//! "802.11 radio information" (`wlan_radio`): what Wireshark derives from a radio header (radiotap's
//! channel, rate and signal fields) in PHY-independent terms, with the frame's airtime computed from
//! its length and rate. It covers no bytes of its own.

use fields::{ItemIdx, Value};

use crate::Cx;

fields::declare_protocol! {
    proto WLAN_RADIO = super::ids::WLAN_RADIO, "802.11 radio information", "802.11 Radio", "wlan_radio";
    PHY: "wlan_radio.phy", "PHY type", UInt32, Dec, values PHY_NAMES;
    MODE_11G: "wlan_radio.11g.mode", "Proprietary mode", UInt32, Dec, values &[(0, "None"), (1, "Super G")];
    DATA_RATE: "wlan_radio.data_rate", "Data rate", Float, None, blurb "Speed at which this frame was sent/received";
    CHANNEL: "wlan_radio.channel", "Channel", UInt32, Dec, blurb "802.11 channel number that this frame was sent/received on";
    FREQUENCY: "wlan_radio.frequency", "Frequency", UInt16, Dec, blurb "Center frequency of the 802.11 channel that this frame was sent/received on";
    SHORT_PREAMBLE: "wlan_radio.short_preamble", "Short preamble", Boolean, Bits(0);
    SIGNAL_DB: "wlan_radio.signal_db", "Signal strength (dB)", UInt8, Dec, unit "dB";
    SIGNAL_DBM: "wlan_radio.signal_dbm", "Signal strength (dBm)", Int8, Dec, unit "dBm";
    NOISE_DB: "wlan_radio.noise_db", "Noise level (dB)", UInt8, Dec, unit "dB";
    NOISE_DBM: "wlan_radio.noise_dbm", "Noise level (dBm)", Int8, Dec, unit "dBm";
    SNR: "wlan_radio.snr", "Signal/noise ratio (dB)", Int32, Dec, unit "dB";
    DURATION: "wlan_radio.duration", "Duration", UInt32, Dec, blurb "Total duration of the frame in microseconds, including any preamble or plcp header. Calculated from the frame length, modulation and other phy data.";
    PREAMBLE: "wlan_radio.preamble", "Preamble", UInt32, Dec, blurb "Duration of the PLCP or preamble in microseconds, calculated from PHY data";
}

/// PHY type names (`wlan_radio.phy`).
pub static PHY_NAMES: &[(u64, &str)] = &[
    (1, "802.11 FHSS"),
    (2, "802.11 IR"),
    (3, "802.11 DSSS"),
    (4, "802.11b (HR/DSSS)"),
    (5, "802.11a (OFDM)"),
    (6, "802.11g (ERP)"),
    (7, "802.11n (HT)"),
    (8, "802.11ac (VHT)"),
    (9, "802.11ad (DMG)"),
    (10, "802.11ah (S1G)"),
    (11, "802.11ax (HE)"),
];

const PHY_FHSS: u32 = 1;
const PHY_11B: u32 = 4;
const PHY_11A: u32 = 5;
const PHY_11G: u32 = 6;

/// What a radio header told about the frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct RadioInfo {
    /// Radiotap flags (FCS at end, short preamble, data pad ...).
    pub flags: Option<u8>,
    /// Data rate in Mb/s.
    pub rate: Option<f64>,
    /// Channel centre frequency in MHz.
    pub freq: Option<u16>,
    /// Radiotap channel flags (modulation and band).
    pub channel_flags: Option<u16>,
    pub signal_dbm: Option<i8>,
    pub noise_dbm: Option<i8>,
    pub signal_db: Option<u8>,
    pub noise_db: Option<u8>,
}

impl RadioInfo {
    /// Whether the 802.11 frame ends in its FCS.
    pub fn fcs_at_end(&self) -> bool {
        self.flags
            .is_some_and(|f| f & super::radiotap::FLAG_FCS != 0)
    }

    /// The PHY the channel flags name, and for 802.11g the proprietary mode (Super G on a turbo
    /// channel), as Wireshark's radiotap dissector maps them.
    fn phy(&self) -> Option<(u32, u32)> {
        const TURBO: u16 = 0x0010;
        const CCK: u16 = 0x0020;
        const OFDM: u16 = 0x0040;
        const GHZ2: u16 = 0x0080;
        const GHZ5: u16 = 0x0100;
        const DYN: u16 = 0x0400;
        const GFSK: u16 = 0x0800;
        let flags = self.channel_flags?;
        match flags & (TURBO | CCK | OFDM | GHZ2 | GHZ5 | DYN | GFSK) {
            f if f == GHZ2 | GFSK => Some((PHY_FHSS, 0)),
            f if f == GHZ5 | OFDM || f == GHZ5 | OFDM | TURBO => Some((PHY_11A, 0)),
            f if f == GHZ2 | CCK => Some((PHY_11B, 0)),
            f if f == GHZ2 | OFDM || f == GHZ2 | DYN => Some((PHY_11G, 0)),
            f if f == GHZ2 | OFDM | TURBO => Some((PHY_11G, 1)),
            _ => None,
        }
    }
}

/// The channel number of a frequency in MHz (0 when it is in no 802.11 band).
pub fn channel_of(freq: u16) -> u32 {
    let f = freq as u32;
    match f {
        2484 => 14,
        2412..=2483 => (f - 2407) / 5,
        4910..=4980 => (f - 4000) / 5,
        5000..=5999 => (f - 5000) / 5,
        _ => 0,
    }
}

/// The band and channel a frequency is shown with (`BG 1`, `A 36`).
pub fn band_name(freq: u16, _channel_flags: u16) -> String {
    let band = if (2412..=2484).contains(&freq) {
        "BG"
    } else {
        "A"
    };
    format!("{band} {}", channel_of(freq))
}

/// Adds the radio information item beside the radio header (`parent`) and dissects the 802.11 frame
/// at `offset`.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx, info: &RadioInfo) {
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "wlan_radio", "", offset, 0);
    let phy = info.phy();
    let short_preamble = info
        .flags
        .is_some_and(|f| f & super::radiotap::FLAG_SHORT_PREAMBLE != 0);
    if let Some((phy, mode)) = phy {
        cx.uint(top, PHY, offset, 0, phy as u64);
        match phy {
            PHY_11B => {
                cx.uint(top, SHORT_PREAMBLE, offset, 0, short_preamble as u64);
            }
            PHY_11G => {
                cx.uint(top, MODE_11G, offset, 0, mode as u64);
            }
            _ => {}
        }
    }
    if let Some(rate) = info.rate {
        let item = cx.tree.add(top, DATA_RATE, offset, 0, Value::Double(rate));
        cx.tree
            .set_label(item, format_args!("Data rate: {rate:.1} Mb/s"));
    }
    if let Some(freq) = info.freq {
        let channel = channel_of(freq);
        if channel != 0 {
            cx.uint(top, CHANNEL, offset, 0, channel as u64);
        }
        let item = cx.uint(top, FREQUENCY, offset, 0, freq as u64);
        cx.tree
            .set_label(item, format_args!("Frequency: {freq}MHz"));
    }
    if let Some(db) = info.signal_db {
        cx.uint(top, SIGNAL_DB, offset, 0, db as u64);
    }
    if let Some(dbm) = info.signal_dbm {
        cx.tree
            .add(top, SIGNAL_DBM, offset, 0, Value::Int(dbm as i64));
    }
    if let Some(db) = info.noise_db {
        cx.uint(top, NOISE_DB, offset, 0, db as u64);
    }
    if let Some(dbm) = info.noise_dbm {
        cx.tree
            .add(top, NOISE_DBM, offset, 0, Value::Int(dbm as i64));
    }
    let snr = match (
        info.signal_dbm,
        info.noise_dbm,
        info.signal_db,
        info.noise_db,
    ) {
        (Some(s), Some(n), _, _) => Some(s as i64 - n as i64),
        (_, _, Some(s), Some(n)) => Some(s as i64 - n as i64),
        _ => None,
    };
    if let Some(snr) = snr {
        cx.tree.add(top, SNR, offset, 0, Value::Int(snr));
    }
    if let (Some((phy, _)), Some(rate)) = (phy, info.rate) {
        // The airtime counts the FCS, captured or not.
        let mut len = super::wlan::reported_len(cx, data).saturating_sub(offset);
        if !info.fcs_at_end() {
            len += 4;
        }
        if let Some((duration, preamble)) = airtime(phy, rate, short_preamble, len) {
            let d = cx
                .tree
                .add_generated(top, DURATION, offset, 0, Value::UInt(duration));
            cx.tree.set_label(d, format_args!("Duration: {duration}µs"));
            let p = cx
                .tree
                .add_generated(d, PREAMBLE, offset, 0, Value::UInt(preamble));
            cx.tree.set_label(p, format_args!("Preamble: {preamble}µs"));
        }
    }
    super::wlan::dissect_frame(cx, data, offset, top, info.fcs_at_end());
}

/// The frame's airtime and its preamble's, in microseconds, for `len` bytes (FCS included) at `rate`
/// Mb/s: DSSS/CCK sends the bits after a 192 µs (short: 96 µs) preamble; OFDM sends 4 µs symbols of
/// service bits, data and tail after a 20 µs preamble.
fn airtime(phy: u32, rate: f64, short_preamble: bool, len: usize) -> Option<(u64, u64)> {
    if rate <= 0.0 {
        return None;
    }
    let bits = len as f64 * 8.0;
    match phy {
        PHY_11B => {
            let preamble = if short_preamble { 96 } else { 192 };
            Some((preamble + (bits / rate).ceil() as u64, preamble))
        }
        PHY_11A | PHY_11G => {
            let per_symbol = rate * 4.0;
            let symbols = ((16.0 + bits + 6.0) / per_symbol).ceil() as u64;
            Some((20 + symbols * 4, 20))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn airtime_as_tshark_computes_it() {
        // 3e80211_wpaauth.pcapng frame 1: 316 bytes at 1 Mb/s, long preamble: 2720 µs.
        assert_eq!(airtime(PHY_11B, 1.0, false, 316), Some((2720, 192)));
        // 80211beacon-like 112 bytes at 11 Mb/s: 274 µs.
        assert_eq!(airtime(PHY_11B, 11.0, false, 112), Some((274, 192)));
        // 3e80211_wpaauth.pcapng frame 8: 137 bytes at 24 Mb/s OFDM: 68 µs.
        assert_eq!(airtime(PHY_11G, 24.0, false, 137), Some((68, 20)));
        assert_eq!(airtime(PHY_11G, 48.0, false, 137), Some((44, 20)));
    }

    #[test]
    fn channels_of_frequencies() {
        assert_eq!(channel_of(2412), 1);
        assert_eq!(channel_of(2484), 14);
        assert_eq!(channel_of(5180), 36);
        assert_eq!(band_name(2412, 0xa0), "BG 1");
    }
}

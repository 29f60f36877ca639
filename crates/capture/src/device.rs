//! The interface list (`-D`) and the lookup of `-i` arguments in it.

use std::net::IpAddr;

use crate::CaptureError;

/// One interface libpcap can capture on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceInfo {
    /// The name to open it by (`eth0`, `any`).
    pub name: String,
    /// The description tshark shows: "Loopback" for a loopback interface, else none (on Linux libpcap's
    /// descriptions are generic texts such as "Pseudo-device that captures on all interfaces", which
    /// tshark leaves out; they are in `pcap_description`).
    pub description: Option<String>,
    /// libpcap's own description, if any.
    pub pcap_description: Option<String>,
    /// The interface's addresses, in libpcap's order.
    pub addresses: Vec<IpAddr>,
    /// libpcap's flags for it (up, running, loopback, wireless, connection status), as `-D` shows them
    /// in tcpdump.
    pub status: Status,
}

/// What libpcap says of an interface's state (`pcap_if_t.flags`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Status {
    pub up: bool,
    pub running: bool,
    pub loopback: bool,
    pub wireless: bool,
    pub connection: Connection,
}

/// Whether an interface is connected (associated, for a wireless one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Connection {
    #[default]
    Unknown,
    Connected,
    Disconnected,
    /// Loopback and pseudo-devices, where the notion does not apply.
    NotApplicable,
}

impl Status {
    /// tcpdump 4.99's `-D` suffix: " [Up, Running, Connected]", " [none]" when only the connection
    /// status is set and means nothing, or nothing at all when libpcap set no flag.
    pub fn tcpdump_suffix(&self) -> String {
        let none_set = !self.up
            && !self.running
            && !self.loopback
            && !self.wireless
            && self.connection == Connection::Unknown;
        if none_set {
            return String::new();
        }
        let names: Vec<&str> = [
            (self.up, "Up"),
            (self.running, "Running"),
            (self.loopback, "Loopback"),
            (self.wireless, "Wireless"),
        ]
        .iter()
        .filter(|(set, _)| *set)
        .map(|&(_, name)| name)
        .collect();
        let mut text = if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        };
        let connection = match (self.wireless, self.connection) {
            (_, Connection::NotApplicable) => None,
            (true, Connection::Unknown) => Some("Association status unknown"),
            (true, Connection::Connected) => Some("Associated"),
            (true, Connection::Disconnected) => Some("Not associated"),
            (false, Connection::Unknown) => Some("Connection status unknown"),
            (false, Connection::Connected) => Some("Connected"),
            (false, Connection::Disconnected) => Some("Disconnected"),
        };
        if let Some(c) = connection {
            text.push_str(", ");
            text.push_str(c);
        }
        format!(" [{text}]")
    }
}

impl InterfaceInfo {
    /// The name tshark shows in "Capturing on '...'": "description: name", or the name alone.
    pub fn display_name(&self) -> String {
        match &self.description {
            Some(d) => format!("{d}: {}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Every interface libpcap can capture on, in its order (the order, and the numbers from 1, of `-D`).
pub fn interfaces() -> Result<Vec<InterfaceInfo>, CaptureError> {
    let devices =
        pcap::Device::list().map_err(|e| CaptureError::List(crate::error::pcap_detail(&e)))?;
    Ok(devices
        .into_iter()
        .map(|d| {
            let description = d.flags.is_loopback().then(|| "Loopback".to_string());
            let f = &d.flags.if_flags;
            let status = Status {
                up: f.contains(pcap::IfFlags::UP),
                running: f.contains(pcap::IfFlags::RUNNING),
                loopback: f.contains(pcap::IfFlags::LOOPBACK),
                wireless: f.contains(pcap::IfFlags::WIRELESS),
                connection: match d.flags.connection_status {
                    pcap::ConnectionStatus::Unknown => Connection::Unknown,
                    pcap::ConnectionStatus::Connected => Connection::Connected,
                    pcap::ConnectionStatus::Disconnected => Connection::Disconnected,
                    pcap::ConnectionStatus::NotApplicable => Connection::NotApplicable,
                },
            };
            InterfaceInfo {
                name: d.name,
                description,
                pcap_description: d.desc,
                addresses: d.addresses.iter().map(|a| a.addr).collect(),
                status,
            }
        })
        .collect())
}

/// The interface an `-i` argument means: a number from the `-D` list (from 1), or a name. A name not in
/// the list is still returned as given (libpcap can open interfaces it does not list, such as one made
/// after the list was read), with no description.
pub fn resolve_interface(
    spec: &str,
    list: &[InterfaceInfo],
) -> Result<InterfaceInfo, CaptureError> {
    if let Some(found) = list.iter().find(|i| i.name == spec) {
        return Ok(found.clone());
    }
    if !spec.is_empty() && spec.bytes().all(|b| b.is_ascii_digit()) {
        return match spec.parse::<usize>() {
            Ok(n) if n >= 1 && n <= list.len() => Ok(list[n - 1].clone()),
            _ => Err(CaptureError::NoSuchInterface(spec.to_string())),
        };
    }
    if spec.is_empty() {
        return Err(CaptureError::NoSuchInterface(spec.to_string()));
    }
    Ok(InterfaceInfo {
        name: spec.to_string(),
        description: None,
        pcap_description: None,
        addresses: Vec::new(),
        status: Status::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Vec<InterfaceInfo> {
        ["eth0", "any", "lo"]
            .iter()
            .map(|n| InterfaceInfo {
                name: n.to_string(),
                description: (*n == "lo").then(|| "Loopback".to_string()),
                pcap_description: None,
                addresses: Vec::new(),
                status: Status::default(),
            })
            .collect()
    }

    #[test]
    fn numbers_count_from_one_and_names_win() {
        let l = list();
        assert_eq!(resolve_interface("1", &l).unwrap().name, "eth0");
        assert_eq!(resolve_interface("3", &l).unwrap().name, "lo");
        assert_eq!(
            resolve_interface("lo", &l).unwrap().display_name(),
            "Loopback: lo"
        );
        assert!(matches!(
            resolve_interface("0", &l),
            Err(CaptureError::NoSuchInterface(_))
        ));
        assert!(matches!(
            resolve_interface("4", &l),
            Err(CaptureError::NoSuchInterface(_))
        ));
        // Not listed, but libpcap may still open it.
        assert_eq!(resolve_interface("veth9", &l).unwrap().name, "veth9");
    }

    #[test]
    fn status_suffix_as_tcpdump_lists_it() {
        // Lines of `tcpdump -D` (4.99.3) on this project's machines: eth0, lo, ifb0, bluetooth-monitor.
        let eth = Status {
            up: true,
            running: true,
            connection: Connection::Connected,
            ..Status::default()
        };
        assert_eq!(eth.tcpdump_suffix(), " [Up, Running, Connected]");
        let lo = Status {
            up: true,
            running: true,
            loopback: true,
            connection: Connection::NotApplicable,
            ..Status::default()
        };
        assert_eq!(lo.tcpdump_suffix(), " [Up, Running, Loopback]");
        let ifb = Status {
            connection: Connection::NotApplicable,
            ..Status::default()
        };
        assert_eq!(ifb.tcpdump_suffix(), " [none]");
        let bt = Status {
            wireless: true,
            connection: Connection::NotApplicable,
            ..Status::default()
        };
        assert_eq!(bt.tcpdump_suffix(), " [Wireless]");
        assert_eq!(Status::default().tcpdump_suffix(), "");
        let down = Status {
            up: true,
            connection: Connection::Disconnected,
            ..Status::default()
        };
        assert_eq!(down.tcpdump_suffix(), " [Up, Disconnected]");
    }
}

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
            InterfaceInfo {
                name: d.name,
                description,
                pcap_description: d.desc,
                addresses: d.addresses.iter().map(|a| a.addr).collect(),
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
}

//! Wi-Fi Protected Setup (WPS) attributes, as Microsoft's vendor-specific 802.11 element carries
//! them: a type-length-value list, each attribute a subtree labelled with its type and value.

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto WPS = super::ids::WPS, "Wifi Protected Setup", "WPS", "wps";
    TYPE: "wps.type", "Data Element Type", UInt16, Hex, values TYPE_NAMES;
    LENGTH: "wps.length", "Data Element Length", UInt16, Dec;
    CONFIG_METHODS: "wps.config_methods", "Configuration Methods", UInt16, Hex;
    CONFIG_METHODS_USBA: "wps.config_methods.usba", "USB", UInt16, Hex, mask 0x1;
    CONFIG_METHODS_ETHERNET: "wps.config_methods.ethernet", "Ethernet", UInt16, Hex, mask 0x2;
    CONFIG_METHODS_LABEL: "wps.config_methods.label", "Label", UInt16, Hex, mask 0x4;
    CONFIG_METHODS_DISPLAY: "wps.config_methods.display", "Display", UInt16, Hex, mask 0x8;
    CONFIG_METHODS_VIRT_DISPLAY: "wps.config_methods.virt_display", "Virtual Display", UInt16, Hex, mask 0x2000;
    CONFIG_METHODS_PHY_DISPLAY: "wps.config_methods.phy_display", "Physical Display", UInt16, Hex, mask 0x4000;
    CONFIG_METHODS_NFCEXT: "wps.config_methods.nfcext", "External NFC", UInt16, Hex, mask 0x10;
    CONFIG_METHODS_NFCINT: "wps.config_methods.nfcint", "Internal NFC", UInt16, Hex, mask 0x20;
    CONFIG_METHODS_NFCINF: "wps.config_methods.nfcinf", "NFC Interface", UInt16, Hex, mask 0x40;
    CONFIG_METHODS_PUSHBUTTON: "wps.config_methods.pushbutton", "Push Button", UInt16, Hex, mask 0x80;
    CONFIG_METHODS_VIRT_PUSHBUTTON: "wps.config_methods.virt_pushbutton", "Virtual Push Button", UInt16, Hex, mask 0x200;
    CONFIG_METHODS_PHY_PUSHBUTTON: "wps.config_methods.phy_pushbutton", "Physical Push Button", UInt16, Hex, mask 0x400;
    CONFIG_METHODS_KEYPAD: "wps.config_methods.keypad", "Keypad", UInt16, Hex, mask 0x100;
    DEVICE_NAME: "wps.device_name", "Device Name", String, None;
    MANUFACTURER: "wps.manufacturer", "Manufacturer", String, None;
    MODEL_NAME: "wps.model_name", "Model Name", String, None;
    MODEL_NUMBER: "wps.model_number", "Model Number", String, None;
    RESPONSE_TYPE: "wps.response_type", "Response Type", UInt8, Hex, values &[(0, "Enrollee, Info only"), (1, "Enrollee, open 802.1X"), (2, "Registrar"), (3, "AP")];
    RF_BANDS: "wps.rf_bands", "RF Bands", UInt8, Hex, values &[(1, "2.4 GHz"), (2, "5 GHz"), (3, "2.4 and 5 GHz")];
    SERIAL_NUMBER: "wps.serial_number", "Serial Number", String, None;
    WIFI_PROTECTED_SETUP_STATE: "wps.wifi_protected_setup_state", "Wifi Protected Setup State", UInt8, Hex, values &[(0, "Reserved"), (1, "Not configured"), (2, "Configured")];
    UUID_E: "wps.uuid_e", "UUID Enrollee", Bytes, None;
    VERSION: "wps.version", "Version", UInt8, Hex;
    PRIMARY_DEVICE_TYPE: "wps.primary_device_type", "Primary Device Type", Bytes, None;
    PRIMARY_DEVICE_TYPE_CATEGORY: "wps.primary_device_type.category", "Category", UInt16, Hex, values &[(1, "Computer"), (2, "Input Device"), (3, "Printers, Scanners, Faxes and Copiers"), (4, "Camera"), (5, "Storage"), (6, "Network Infrastructure"), (7, "Displays"), (8, "Multimedia Devices"), (9, "Gaming Devices"), (10, "Telephone"), (11, "Audio Devices")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_COMPUTER: "wps.primary_device_type.subcategory_computer", "Subcategory", UInt16, Hex, values &[(1, "PC"), (2, "Server"), (3, "Media Center"), (4, "Ultra-mobile PC"), (5, "Notebook"), (6, "Desktop"), (7, "MID (Mobile Internet Device)"), (8, "Netbook")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_INPUT_DEVICE: "wps.primary_device_type.subcategory_input_device", "Subcategory", UInt16, Hex, values &[(1, "Keyboard"), (2, "Mouse"), (3, "Joystick"), (4, "Trackball"), (5, "Gaming controller"), (6, "Remote"), (7, "Touchscreen"), (8, "Biometric reader"), (9, "Barcode reader")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_PRINTERS_SCANNERS_FAXES_COPIERS: "wps.primary_device_type.subcategory_printers_scanners_faxes_copiers", "Subcategory", UInt16, Hex, values &[(1, "Printer or Print Server"), (2, "Scanner"), (3, "Fax"), (4, "Copier"), (5, "All-in-one (Printer, Scanner, Fax, Copier)")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_CAMERA: "wps.primary_device_type.subcategory_camera", "Subcategory", UInt16, Hex, values &[(1, "Digital Still Camera"), (2, "Video Camera"), (3, "Web Camera"), (4, "Security Camera")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_STORAGE: "wps.primary_device_type.subcategory_storage", "Subcategory", UInt16, Hex, values &[(1, "NAS")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_NETWORK_INFRASTRUCTURE: "wps.primary_device_type.subcategory_network_infrastructure", "Subcategory", UInt16, Hex, values &[(1, "AP"), (2, "Router"), (3, "Switch"), (4, "Gateway"), (5, "Bridge")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_DISPLAYS: "wps.primary_device_type.subcategory_displays", "Subcategory", UInt16, Hex, values &[(1, "Television"), (2, "Electronic Picture Frame"), (3, "Projector"), (4, "Monitor")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_MULTIMEDIA_DEVICES: "wps.primary_device_type.subcategory_multimedia_devices", "Subcategory", UInt16, Hex, values &[(1, "DAR"), (2, "PVR"), (3, "MCX"), (4, "Set-top box"), (5, "Media Server/Media Adapter/Media Extender"), (6, "Portable Video Player")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_GAMING_DEVICES: "wps.primary_device_type.subcategory_gaming_devices", "Subcategory", UInt16, Hex, values &[(1, "Xbox"), (2, "Xbox360"), (3, "Playstation"), (4, "Game Console/Game Console Adapter"), (5, "Portable Gaming Device")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_TELEPHONE: "wps.primary_device_type.subcategory_telephone", "Subcategory", UInt16, Hex, values &[(1, "Windows Mobile"), (2, "Phone - single mode"), (3, "Phone - dual mode"), (4, "Smartphone - single mode"), (5, "Smartphone - dual mode")];
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_AUDIO_DEVICES: "wps.primary_device_type.subcategory_audio_devices", "Subcategory", UInt16, Hex, values &[(1, "Audio tuner/receiver"), (2, "Speakers"), (3, "Portable Music Player (PMP)"), (4, "Headset (headphones + microphone)"), (5, "Headphones"), (6, "Microphone"), (7, "Home Theater Systems")];
}

/// Attribute type names (`wps.type`, tshark 4.0).
static TYPE_NAMES: &[(u64, &str)] = &[
    (0x1001, "AP Channel"),
    (0x1002, "Association State"),
    (0x1003, "Authentication Type"),
    (0x1004, "Authentication Type Flags"),
    (0x1005, "Authenticator"),
    (0x1008, "Config Methods"),
    (0x1009, "Configuration Error"),
    (0x100a, "Confirmation URL4"),
    (0x100b, "Confirmation URL6"),
    (0x100c, "Connection Type"),
    (0x100d, "Connection Type Flags"),
    (0x100e, "Credential"),
    (0x1011, "Device Name"),
    (0x1012, "Device Password ID"),
    (0x1014, "E Hash1"),
    (0x1015, "E Hash2"),
    (0x1016, "E SNonce1"),
    (0x1017, "E SNonce2"),
    (0x1018, "Encrypted Settings"),
    (0x100f, "Encryption Type"),
    (0x1010, "Encryption Type Flags"),
    (0x101a, "Enrollee Nonce"),
    (0x101b, "Feature Id"),
    (0x101c, "Identity"),
    (0x101d, "Identity Proof"),
    (0x101e, "Key Wrap Authenticator"),
    (0x101f, "Key Identifier"),
    (0x1020, "MAC Address"),
    (0x1021, "Manufacturer"),
    (0x1022, "Message Type"),
    (0x1023, "Model Name"),
    (0x1024, "Model Number"),
    (0x1026, "Network Index"),
    (0x1027, "Network Key"),
    (0x1028, "Network Key Index"),
    (0x1029, "New Device Name"),
    (0x102a, "New Password"),
    (0x102c, "OOB Device Password"),
    (0x102d, "OS Version"),
    (0x102f, "Power Level"),
    (0x1030, "PSK Current"),
    (0x1031, "PSK Max"),
    (0x1032, "Public Key"),
    (0x1033, "Radio Enabled"),
    (0x1034, "Reboot"),
    (0x1035, "Registrar Current"),
    (0x1036, "Registrar Established"),
    (0x1037, "Registrar List"),
    (0x1038, "registrar_max"),
    (0x1039, "Registrar Nonce"),
    (0x103a, "Request Type"),
    (0x103b, "Response Type"),
    (0x103c, "RF Bands"),
    (0x103d, "R Hash1"),
    (0x103e, "R Hash2"),
    (0x103f, "R Snonce1"),
    (0x1040, "R Snonce2"),
    (0x1041, "Selected Registrar"),
    (0x1042, "Serial Number"),
    (0x1044, "Wifi Protected Setup State"),
    (0x1045, "SSID"),
    (0x1046, "Total Networks"),
    (0x1047, "UUID E"),
    (0x1048, "UUID R"),
    (0x1049, "Vendor Extension"),
    (0x104a, "Version"),
    (0x104b, "X509 Certificate Request"),
    (0x104c, "X509 Certificate"),
    (0x104d, "EAP Identity"),
    (0x104e, "Message Counter"),
    (0x104f, "Public Key Hash"),
    (0x1050, "Rekey Key"),
    (0x1051, "Key Lifetime"),
    (0x1052, "Permitted Config Methods"),
    (0x1053, "Selected Registrar Config Methods"),
    (0x1054, "Primary Device Type"),
    (0x1055, "Secondary Device Type List"),
    (0x1056, "Portable Device"),
    (0x1057, "Ap Setup Locked"),
    (0x1058, "Application Extension"),
    (0x1059, "EAP Type"),
    (0x1060, "Initialization Vector"),
    (0x1061, "Key Provided Automatically"),
    (0x1062, "8021x Enabled"),
    (0x1063, "AppSessionKey"),
    (0x1064, "WEPTransmitKey"),
    (0x106a, "Requested Device Type"),
];

/// Subcategory fields by primary device category (1 to 11).
const SUBCATEGORIES: [FieldId; 11] = [
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_COMPUTER,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_INPUT_DEVICE,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_PRINTERS_SCANNERS_FAXES_COPIERS,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_CAMERA,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_STORAGE,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_NETWORK_INFRASTRUCTURE,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_DISPLAYS,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_MULTIMEDIA_DEVICES,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_GAMING_DEVICES,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_TELEPHONE,
    PRIMARY_DEVICE_TYPE_SUBCATEGORY_AUDIO_DEVICES,
];

/// The configuration method bits, in the order tshark lists them.
const CONFIG_METHOD_BITS: [FieldId; 13] = [
    CONFIG_METHODS_USBA,
    CONFIG_METHODS_ETHERNET,
    CONFIG_METHODS_LABEL,
    CONFIG_METHODS_DISPLAY,
    CONFIG_METHODS_VIRT_DISPLAY,
    CONFIG_METHODS_PHY_DISPLAY,
    CONFIG_METHODS_NFCEXT,
    CONFIG_METHODS_NFCINT,
    CONFIG_METHODS_NFCINF,
    CONFIG_METHODS_PUSHBUTTON,
    CONFIG_METHODS_VIRT_PUSHBUTTON,
    CONFIG_METHODS_PHY_PUSHBUTTON,
    CONFIG_METHODS_KEYPAD,
];

/// The attributes from `o` to the end of `d`, under `parent` (the vendor-specific element).
pub fn attributes(cx: &mut Cx, parent: ItemIdx, d: &[u8], mut o: usize) {
    while let (Some(kind), Some(len)) = (read::be16(d, o), read::be16(d, o + 2)) {
        let len = len as usize;
        let value = o + 4;
        if value + len > d.len() {
            cx.malformed(o, "WPS attribute past its element");
            return;
        }
        let type_name = fields::Strings::Values(TYPE_NAMES)
            .name_of(kind as u64)
            .unwrap_or("Unknown");
        let tlv = cx.text_item(parent, o, 4 + len, format_args!("{type_name}"));
        cx.uint(tlv, TYPE, o, 2, kind as u64);
        cx.uint(tlv, LENGTH, o + 2, 2, len as u64);
        let shown = attribute(cx, tlv, d, value, len, kind);
        if let Some(text) = shown
            && tlv != parent
        {
            cx.tree.set_label(tlv, format_args!("{type_name}: {text}"));
        }
        o = value + len;
    }
}

/// One attribute's value at `o` (`len` bytes, in bounds) under `tlv`; returns the text its heading
/// shows after the type's name, if it shows one.
fn attribute(
    cx: &mut Cx,
    tlv: ItemIdx,
    d: &[u8],
    o: usize,
    len: usize,
    kind: u16,
) -> Option<String> {
    let uint = |cx: &mut Cx, field: FieldId, size: usize| -> Option<String> {
        if len != size {
            return None;
        }
        let v = match size {
            1 => d[o] as u64,
            _ => u16::from_be_bytes([d[o], d[o + 1]]) as u64,
        };
        cx.uint(tlv, field, o, size, v);
        let def = crate::registry().field(field);
        let digits = size * 2;
        Some(match def.strings.name_of(v) {
            Some(name) => format!("{name} (0x{v:0digits$x})"),
            None => format!("0x{v:0digits$x}"),
        })
    };
    let string = |cx: &mut Cx, field: FieldId| -> Option<String> {
        cx.string(tlv, field, d, o, len);
        Some(String::from_utf8_lossy(&d[o..o + len]).into_owned())
    };
    match kind {
        0x104a => uint(cx, VERSION, 1),
        0x1044 => uint(cx, WIFI_PROTECTED_SETUP_STATE, 1),
        0x103b => uint(cx, RESPONSE_TYPE, 1),
        0x103c => uint(cx, RF_BANDS, 1),
        0x1008 => {
            let text = uint(cx, CONFIG_METHODS, 2)?;
            let v = u16::from_be_bytes([d[o], d[o + 1]]) as u64;
            for f in CONFIG_METHOD_BITS {
                cx.bits(tlv, f, o, 2, v);
            }
            Some(text)
        }
        0x1047 => {
            cx.tree.add(tlv, UUID_E, o, len, Value::Bytes);
            None
        }
        0x1021 => string(cx, MANUFACTURER),
        0x1023 => string(cx, MODEL_NAME),
        0x1024 => string(cx, MODEL_NUMBER),
        0x1042 => string(cx, SERIAL_NUMBER),
        0x1011 => string(cx, DEVICE_NAME),
        0x1054 if len == 8 => {
            cx.tree.add(tlv, PRIMARY_DEVICE_TYPE, o, 8, Value::Bytes);
            let category = u16::from_be_bytes([d[o], d[o + 1]]);
            cx.uint(tlv, PRIMARY_DEVICE_TYPE_CATEGORY, o, 2, category as u64);
            if let Some(&field) = SUBCATEGORIES.get((category as usize).wrapping_sub(1)) {
                let sub = u16::from_be_bytes([d[o + 6], d[o + 7]]);
                cx.uint(tlv, field, o + 6, 2, sub as u64);
            }
            None
        }
        _ => None,
    }
}

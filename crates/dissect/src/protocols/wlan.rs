//! IEEE 802.11 frames: frame control, duration, the addresses as the DS bits assign them, sequence
//! control, QoS control, the FCS when the radio header says there is one, and protected bodies (WEP,
//! TKIP and CCMP parameters; without keys the ciphertext is data). Management bodies go to
//! [`super::wlan_mgt`], data bodies to LLC.
//!
//! The management fields (`wlan.fixed.*`, `wlan.tag.*` ...) are declared here: in Wireshark they belong
//! to the `wlan` protocol, and `wlan.mgt` is a field of it that stands for the management body.

use fields::{ItemIdx, Value};

use super::wlan_tables::*;
use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto WLAN = super::ids::WLAN, "IEEE 802.11 wireless LAN", "IEEE 802.11", "wlan";
    FC: "wlan.fc", "Frame Control Field", UInt16, Hex, blurb "MAC Frame control";
    FC_VERSION: "wlan.fc.version", "Version", UInt8, Dec, mask 0x3, blurb "MAC Protocol version";
    FC_TYPE: "wlan.fc.type", "Type", UInt8, Dec, mask 0xc, values &[(0, "Management frame"), (1, "Control frame"), (2, "Data frame"), (3, "Extension frame")], blurb "Frame type";
    FC_SUBTYPE: "wlan.fc.subtype", "Subtype", UInt8, Dec, mask 0xf0, blurb "Frame subtype";
    FC_TYPE_SUBTYPE: "wlan.fc.type_subtype", "Type/Subtype", UInt16, Hex, values TYPE_SUBTYPE_NAMES, blurb "Type and subtype combined (first byte: type, second byte: subtype)";
    FLAGS: "wlan.flags", "Flags", UInt8, Hex;
    FC_DS: "wlan.fc.ds", "DS status", UInt8, Hex, mask 0x3, values DS_NAMES, blurb "Data-frame DS-traversal status";
    FC_TODS: "wlan.fc.tods", "To DS", Boolean, Bits(8), mask 0x1, tf ("Frame is entering DS", "Frame is not entering DS"), blurb "To DS flag";
    FC_FROMDS: "wlan.fc.fromds", "From DS", Boolean, Bits(8), mask 0x2, tf ("Frame is exiting DS", "Frame is not exiting DS"), blurb "From DS flag";
    FC_FRAG: "wlan.fc.frag", "More Fragments", Boolean, Bits(8), mask 0x4, tf ("More fragments follow", "This is the last fragment"), blurb "More Fragments flag";
    FC_RETRY: "wlan.fc.retry", "Retry", Boolean, Bits(8), mask 0x8, tf ("Frame is being retransmitted", "Frame is not being retransmitted"), blurb "Retransmission flag";
    FC_PWRMGT: "wlan.fc.pwrmgt", "PWR MGT", Boolean, Bits(8), mask 0x10, tf ("STA will go to sleep", "STA will stay up"), blurb "Power management status";
    FC_MOREDATA: "wlan.fc.moredata", "More Data", Boolean, Bits(8), mask 0x20, tf ("Data is buffered for STA at AP", "No data buffered"), blurb "More data flag";
    FC_PROTECTED: "wlan.fc.protected", "Protected flag", Boolean, Bits(8), mask 0x40, tf ("Data is protected", "Data is not protected");
    FC_ORDER: "wlan.fc.order", "+HTC/Order flag", Boolean, Bits(8), mask 0x80, tf ("Strictly ordered", "Not strictly ordered"), blurb "HT Control present/strictly ordered flag";
    DURATION: "wlan.duration", "Duration", UInt16, Dec, mask 0x7fff, unit "microseconds";
    DA: "wlan.da", "Destination address", Ether, None, blurb "Destination Hardware Address";
    DA_RESOLVED: "wlan.da_resolved", "Destination address (resolved)", String, None, blurb "Destination Hardware Address (resolved)";
    SA: "wlan.sa", "Source address", Ether, None, blurb "Source Hardware Address";
    SA_RESOLVED: "wlan.sa_resolved", "Source address (resolved)", String, None, blurb "Source Hardware Address (resolved)";
    ADDR: "wlan.addr", "Hardware address", Ether, None, blurb "SA, DA, BSSID, RA or TA Hardware Address";
    ADDR_RESOLVED: "wlan.addr_resolved", "Hardware address (resolved)", String, None, blurb "SA, DA, BSSID, RA or TA Hardware Address (resolved)";
    RA: "wlan.ra", "Receiver address", Ether, None, blurb "Receiving Station Hardware Address";
    RA_RESOLVED: "wlan.ra_resolved", "Receiver address (resolved)", String, None, blurb "Receiving Station Hardware Address (resolved)";
    TA: "wlan.ta", "Transmitter address", Ether, None, blurb "Transmitting Station Hardware Address";
    TA_RESOLVED: "wlan.ta_resolved", "Transmitter address (resolved)", String, None, blurb "Transmitting Station Hardware Address (resolved)";
    BSSID: "wlan.bssid", "BSS Id", Ether, None, blurb "Basic Service Set ID";
    BSSID_RESOLVED: "wlan.bssid_resolved", "BSS Id (resolved)", String, None, blurb "Basic Service Set ID (resolved)";
    STAA: "wlan.staa", "STA address", Ether, None, blurb "Station Hardware Address";
    STAA_RESOLVED: "wlan.staa_resolved", "STA address (resolved)", String, None, blurb "Station Hardware Address (resolved)";
    FRAG: "wlan.frag", "Fragment number", UInt16, Dec, mask 0xf;
    SEQ: "wlan.seq", "Sequence number", UInt16, Dec, mask 0xfff0;
    QOS: "wlan.qos", "Qos Control", UInt16, Hex;
    QOS_TID: "wlan.qos.tid", "TID", UInt16, Dec, mask 0xf;
    QOS_PRIORITY: "wlan.qos.priority", "Priority", UInt16, Dec, mask 0x7, values QOS_PRIORITY_NAMES, blurb "802.1D Tag";
    QOS_EOSP: "wlan.qos.eosp", "EOSP", Boolean, Bits(16), mask 0x10, tf ("End of service period", "Service period"), blurb "EOSP Field";
    QOS_BIT4: "wlan.qos.bit4", "QoS bit 4", Boolean, Bits(16), mask 0x10, tf ("Bits 8-15 of QoS Control field are Queue Size", "Bits 8-15 of QoS Control field are TXOP Duration Requested");
    QOS_ACK: "wlan.qos.ack", "Ack Policy", UInt16, Hex, mask 0x60, values &[(0, "Normal Ack"), (1, "No Ack"), (2, "No explicit acknowledgment"), (3, "Block Ack")];
    QOS_AMSDUPRESENT: "wlan.qos.amsdupresent", "Payload Type", Boolean, Bits(16), mask 0x80, tf ("A-MSDU", "MSDU");
    QOS_PS_BUF_STATE: "wlan.qos.ps_buf_state", "QAP PS Buffer State", UInt16, Hex, mask 0xff00;
    QOS_BUF_STATE_INDICATED: "wlan.qos.buf_state_indicated", "Buffer State Indicated", Boolean, Bits(16), mask 0x200, tf ("Yes", "No");
    QOS_TXOP_DUR_REQ: "wlan.qos.txop_dur_req", "TXOP Duration Requested", UInt16, Dec, mask 0xff00;
    FCS: "wlan.fcs", "Frame check sequence", UInt32, Hex, blurb "Frame Check Sequence (FCS)";
    FCS_STATUS: "wlan.fcs.status", "FCS Status", UInt8, None, values &[(0, "Bad"), (1, "Good"), (2, "Unverified"), (3, "Not present"), (4, "Illegal")];
    WEP_IV: "wlan.wep.iv", "Initialization Vector", UInt24, Hex;
    TKIP_EXTIV: "wlan.tkip.extiv", "TKIP Ext. Initialization Vector", String, None, blurb "TKIP Extended Initialization Vector";
    WEP_KEY: "wlan.wep.key", "Key Index", UInt8, Dec;
    WEP_ICV: "wlan.wep.icv", "WEP ICV", UInt32, Hex;
    MGT: "wlan.mgt", "IEEE 802.11 Wireless Management", Protocol, None;
    FIXED_TIMESTAMP: "wlan.fixed.timestamp", "Timestamp", UInt64, Dec;
    FIXED_AUTH_ALG: "wlan.fixed.auth.alg", "Authentication Algorithm", UInt16, Dec, values AUTH_ALG_NAMES;
    FIXED_BEACON: "wlan.fixed.beacon", "Beacon Interval", UInt32, Custom;
    FIXED_ALL: "wlan.fixed.all", "Fixed parameters", None, None;
    TAGGED_ALL: "wlan.tagged.all", "Tagged parameters", None, None;
    SSID: "wlan.ssid", "SSID", Bytes, None, blurb "Indicates the identity of an ESS or IBSS";
    SUPPORTED_RATES: "wlan.supported_rates", "Supported Rates", UInt8, Hex, blurb "In Mbit/sec, (B) for Basic Rates";
    FIXED_CAPABILITIES: "wlan.fixed.capabilities", "Capabilities Information", UInt16, Hex, blurb "Capability information";
    FIXED_CAPABILITIES_ESS: "wlan.fixed.capabilities.ess", "ESS capabilities", Boolean, Bits(16), mask 0x1, tf ("Transmitter is an AP", "Transmitter is a STA");
    FIXED_CAPABILITIES_IBSS: "wlan.fixed.capabilities.ibss", "IBSS status", Boolean, Bits(16), mask 0x2, tf ("Transmitter belongs to an IBSS", "Transmitter belongs to a BSS"), blurb "IBSS participation";
    FIXED_CAPABILITIES_RESERVED1: "wlan.fixed.capabilities.reserved1", "Reserved", UInt16, Dec, mask 0x4;
    FIXED_CAPABILITIES_RESERVED2: "wlan.fixed.capabilities.reserved2", "Reserved", UInt16, Dec, mask 0x8;
    FIXED_CAPABILITIES_PRIVACY: "wlan.fixed.capabilities.privacy", "Privacy", Boolean, Bits(16), mask 0x10, tf ("Data confidentiality required", "Data confidentiality not required"), blurb "Data privacy";
    FIXED_CAPABILITIES_SHORT_PREAMBLE: "wlan.fixed.capabilities.short_preamble", "Short Preamble", Boolean, Bits(16), mask 0x20, tf ("Allowed", "Not Allowed");
    FIXED_CAPABILITIES_RESERVED3: "wlan.fixed.capabilities.reserved3", "Reserved", UInt16, Dec, mask 0x40;
    FIXED_CAPABILITIES_RESERVED4: "wlan.fixed.capabilities.reserved4", "Reserved", UInt16, Dec, mask 0x80;
    FIXED_CAPABILITIES_SPEC_MAN: "wlan.fixed.capabilities.spec_man", "Spectrum Management", Boolean, Bits(16), mask 0x100, tf ("Implemented", "Not Implemented");
    FIXED_CAPABILITIES_QOS: "wlan.fixed.capabilities.qos", "QoS", Boolean, Bits(16), mask 0x200, tf ("Implemented", "Not Implemented");
    FIXED_CAPABILITIES_SHORT_SLOT_TIME: "wlan.fixed.capabilities.short_slot_time", "Short Slot Time", Boolean, Bits(16), mask 0x400, tf ("In use", "Not in use");
    FIXED_CAPABILITIES_APSD: "wlan.fixed.capabilities.apsd", "Automatic Power Save Delivery", Boolean, Bits(16), mask 0x800, tf ("Implemented", "Not Implemented");
    FIXED_CAPABILITIES_RADIO_MEASUREMENT: "wlan.fixed.capabilities.radio_measurement", "Radio Measurement", Boolean, Bits(16), mask 0x1000, tf ("Implemented", "Not Implemented");
    FIXED_CAPABILITIES_EPD: "wlan.fixed.capabilities.epd", "EPD", Boolean, Bits(16), mask 0x2000, tf ("Implemented", "Not Implemented");
    FIXED_CAPABILITIES_RESERVED5: "wlan.fixed.capabilities.reserved5", "Reserved", UInt16, Dec, mask 0x4000;
    FIXED_CAPABILITIES_RESERVED6: "wlan.fixed.capabilities.reserved6", "Reserved", UInt16, Dec, mask 0x8000;
    FIXED_AUTH_SEQ: "wlan.fixed.auth_seq", "Authentication SEQ", UInt16, Hex, blurb "Authentication Sequence Number";
    FIXED_AID: "wlan.fixed.aid", "Association ID", UInt16, Hex, mask 0x3fff;
    FIXED_LISTEN_IVAL: "wlan.fixed.listen_ival", "Listen Interval", UInt16, Hex;
    FIXED_REASON_CODE: "wlan.fixed.reason_code", "Reason code", UInt16, Hex, values REASON_CODE_NAMES, blurb "Reason for unsolicited notification";
    FIXED_STATUS_CODE: "wlan.fixed.status_code", "Status code", UInt16, Hex, values STATUS_CODE_NAMES, blurb "Status of requested event";
    TAG: "wlan.tag", "Tag", None, None;
    TAG_NUMBER: "wlan.tag.number", "Tag Number", UInt8, Dec, values TAG_NAMES, blurb "Element ID";
    TAG_LENGTH: "wlan.tag.length", "Tag length", UInt32, Dec, blurb "Length of tag";
    TAG_OUI: "wlan.tag.oui", "OUI", UInt24, Oui, blurb "OUI of vendor specific IE";
    DS_CURRENT_CHANNEL: "wlan.ds.current_channel", "Current Channel", UInt8, Dec, blurb "DS Parameter Set - Current Channel";
    TAG_VENDOR_OUI_TYPE: "wlan.tag.vendor.oui.type", "Vendor Specific OUI Type", UInt8, Dec;
    TAG_VENDOR_DATA: "wlan.tag.vendor.data", "Vendor Specific Data", Bytes, None, blurb "Unknown/undecoded Vendor Specific Data";
    TIM_DTIM_COUNT: "wlan.tim.dtim_count", "DTIM count", UInt8, Dec, blurb "Indicates how many Beacon frames (including the current frame) appear before the next DTIM";
    TIM_DTIM_PERIOD: "wlan.tim.dtim_period", "DTIM period", UInt8, Dec, blurb "Indicates the number of beacon intervals between successive DTIMs";
    TIM_BMAPCTL: "wlan.tim.bmapctl", "Bitmap control", UInt8, Hex;
    TIM_BMAPCTL_MULTICAST: "wlan.tim.bmapctl.multicast", "Multicast", Boolean, Bits(8), mask 0x1, tf ("True", "False"), blurb "Contains the Traffic Indicator bit associated with Association ID 0";
    TIM_BMAPCTL_OFFSET: "wlan.tim.bmapctl.offset", "Bitmap Offset", UInt8, Hex, mask 0xfe;
    TIM_PARTIAL_VIRTUAL_BITMAP: "wlan.tim.partial_virtual_bitmap", "Partial Virtual Bitmap", Bytes, None;
    COUNTRY_INFO_CODE: "wlan.country_info.code", "Code", String, None;
    COUNTRY_INFO_ENVIRONMENT: "wlan.country_info.environment", "Environment", UInt8, Dec, values COUNTRY_ENVIRONMENT_NAMES;
    COUNTRY_INFO_FNM: "wlan.country_info.fnm", "Country Info", None, None;
    COUNTRY_INFO_FNM_FCN: "wlan.country_info.fnm.fcn", "First Channel Number", UInt8, Dec;
    COUNTRY_INFO_FNM_NC: "wlan.country_info.fnm.nc", "Number of Channels", UInt8, Dec;
    COUNTRY_INFO_FNM_MTPL: "wlan.country_info.fnm.mtpl", "Maximum Transmit Power Level", Int8, Dec, unit "dBm";
    TAG_CHALLENGE_TEXT: "wlan.tag.challenge_text", "Challenge Text", Bytes, None;
    POWERCAP_MIN: "wlan.powercap.min", "Minimum Transmit Power", Int8, Dec, blurb "The nominal minimum transmit power with which the STA is capable of transmitting in the current channel";
    POWERCAP_MAX: "wlan.powercap.max", "Maximum Transmit Power", Int8, Dec, blurb "The nominal maximum transmit power with which the STA is capable of transmitting in the current channel";
    SUPCHAN: "wlan.supchan", "Supported Channels Set", None, None;
    SUPCHAN_FIRST: "wlan.supchan.first", "First Supported Channel", UInt8, Dec;
    SUPCHAN_RANGE: "wlan.supchan.range", "Supported Channel Range", UInt8, Dec;
    ERP_INFO: "wlan.erp_info", "ERP Information", UInt8, Hex;
    ERP_INFO_ERP_PRESENT: "wlan.erp_info.erp_present", "Non ERP Present", Boolean, Bits(8), mask 0x1;
    ERP_INFO_USE_PROTECTION: "wlan.erp_info.use_protection", "Use Protection", Boolean, Bits(8), mask 0x2;
    ERP_INFO_BARKER_PREAMBLE_MODE: "wlan.erp_info.barker_preamble_mode", "Barker Preamble Mode", Boolean, Bits(8), mask 0x4;
    ERP_INFO_RESERVED: "wlan.erp_info.reserved", "Reserved", UInt8, Hex, mask 0xf8;
    WFA_IE_TYPE: "wlan.wfa.ie.type", "Type", UInt8, Hex, values &[(1, "WPA Information Element"), (2, "WMM/WME"), (4, "WPS")];
    WFA_IE_WPA_VERSION: "wlan.wfa.ie.wpa.version", "WPA Version", UInt16, Dec;
    WFA_IE_WPA_MCS: "wlan.wfa.ie.wpa.mcs", "Multicast Cipher Suite", UInt32, Custom, blurb "Contains the cipher suite selector used by the BSS to protect broadcast/multicasttraffic";
    WFA_IE_WPA_MCS_OUI: "wlan.wfa.ie.wpa.mcs.oui", "Multicast Cipher Suite OUI", UInt24, Oui;
    WFA_IE_WPA_MCS_TYPE: "wlan.wfa.ie.wpa.mcs.type", "Multicast Cipher Suite type", UInt8, Dec, values WPA_CIPHER_NAMES;
    WFA_IE_WPA_UCS_COUNT: "wlan.wfa.ie.wpa.ucs.count", "Unicast Cipher Suite Count", UInt16, Dec, blurb "Indicates the number of pairwise cipher suite selectors that are contained in the Unicast Cipher Suite List";
    WFA_IE_WPA_UCS_LIST: "wlan.wfa.ie.wpa.ucs.list", "Unicast Cipher Suite List", None, None, blurb "Contains a series of cipher suite selectors that indicate the Unicast cipher suites";
    WFA_IE_WPA_UCS: "wlan.wfa.ie.wpa.ucs", "Unicast Cipher Suite", UInt32, Custom;
    WFA_IE_WPA_UCS_OUI: "wlan.wfa.ie.wpa.ucs.oui", "Unicast Cipher Suite OUI", UInt24, Oui;
    WFA_IE_WPA_UCS_TYPE: "wlan.wfa.ie.wpa.ucs.type", "Unicast Cipher Suite type", UInt8, Dec, values WPA_CIPHER_NAMES;
    WFA_IE_WPA_AKMS_COUNT: "wlan.wfa.ie.wpa.akms.count", "Auth Key Management (AKM) Suite Count", UInt16, Dec, blurb "Indicates the number of Auth Key Management suite selectors that are contained in the Auth Key Management Suite List";
    WFA_IE_WPA_AKMS_LIST: "wlan.wfa.ie.wpa.akms.list", "Auth Key Management (AKM) List", None, None, blurb "Contains a series of cipher suite selectors that indicate the AKM suites";
    WFA_IE_WPA_AKMS: "wlan.wfa.ie.wpa.akms", "Auth Key Management (AKM) Suite", UInt32, Custom;
    WFA_IE_WPA_AKMS_OUI: "wlan.wfa.ie.wpa.akms.oui", "Auth Key Management (AKM) OUI", UInt24, Oui;
    WFA_IE_WPA_TYPE: "wlan.wfa.ie.wpa.type", "Auth Key Management (AKM) type", UInt8, Dec, values WPA_AKM_NAMES;
    WFA_IE_WME_SUBTYPE: "wlan.wfa.ie.wme.subtype", "WME Subtype", UInt8, Dec, values &[(0, "Information Element"), (1, "Parameter Element"), (2, "TSPEC Element")];
    WFA_IE_WME_VERSION: "wlan.wfa.ie.wme.version", "WME Version", UInt8, Dec;
    WFA_IE_WME_QOS_INFO: "wlan.wfa.ie.wme.qos_info", "WME QoS Info", UInt8, Hex;
    WFA_IE_WME_QOS_INFO_STA_MAX_SP_LENGTH: "wlan.wfa.ie.wme.qos_info.sta.max_sp_length", "Max SP Length", UInt8, Hex, mask 0x60, values MAX_SP_LENGTH_NAMES;
    WFA_IE_WME_QOS_INFO_STA_AC_BE: "wlan.wfa.ie.wme.qos_info.sta.ac_be", "AC_BE", Boolean, Bits(8), mask 0x8, tf ("WMM delivery and trigger enabled", "non-WMM PS");
    WFA_IE_WME_QOS_INFO_STA_AC_BK: "wlan.wfa.ie.wme.qos_info.sta.ac_bk", "AC_BK", Boolean, Bits(8), mask 0x4, tf ("WMM delivery and trigger enabled", "non-WMM PS");
    WFA_IE_WME_QOS_INFO_STA_AC_VI: "wlan.wfa.ie.wme.qos_info.sta.ac_vi", "AC_VI", Boolean, Bits(8), mask 0x2, tf ("WMM delivery and trigger enabled", "non-WMM PS");
    WFA_IE_WME_QOS_INFO_STA_AC_VO: "wlan.wfa.ie.wme.qos_info.sta.ac_vo", "AC_VO", Boolean, Bits(8), mask 0x1, tf ("WMM delivery and trigger enabled", "non-WMM PS");
    WFA_IE_WME_QOS_INFO_STA_RESERVED: "wlan.wfa.ie.wme.qos_info.sta.reserved", "Reserved", UInt8, Hex, mask 0x90, blurb "Must Be Zero";
    WFA_IE_WME_QOS_INFO_AP_U_APSD: "wlan.wfa.ie.wme.qos_info.ap.u_apsd", "U-APSD", Boolean, Bits(8), mask 0x80, tf ("Enabled", "Disabled"), blurb "Indicates the WMM AP is currently supporting unscheduled automatic power save delivery";
    WFA_IE_WME_QOS_INFO_AP_PARAMETER_SET_COUNT: "wlan.wfa.ie.wme.qos_info.ap.parameter_set_count", "Parameter Set Count", UInt8, Hex, mask 0xf;
    WFA_IE_WME_QOS_INFO_AP_RESERVED: "wlan.wfa.ie.wme.qos_info.ap.reserved", "Reserved", UInt8, Hex, mask 0x70, blurb "Must Be Zero";
    WFA_IE_WME_RESERVED: "wlan.wfa.ie.wme.reserved", "Reserved", Bytes, None, blurb "Must Be Zero";
    WFA_IE_WME_ACP: "wlan.wfa.ie.wme.acp", "Ac Parameters", None, None;
    WFA_IE_WME_ACP_ACI_AIFSN: "wlan.wfa.ie.wme.acp.aci_aifsn", "ACI / AIFSN Field", UInt8, Hex;
    WFA_IE_WME_ACP_ACI: "wlan.wfa.ie.wme.acp.aci", "ACI", UInt8, Dec, mask 0x60, values &[(0, "Best Effort"), (1, "Background"), (2, "Video"), (3, "Voice")];
    WFA_IE_WME_ACP_ACM: "wlan.wfa.ie.wme.acp.acm", "Admission Control Mandatory", Boolean, Bits(8), mask 0x10, tf ("Yes", "No");
    WFA_IE_WME_ACP_AIFSN: "wlan.wfa.ie.wme.acp.aifsn", "AIFSN", UInt8, Dec, mask 0xf;
    WFA_IE_WME_ACP_RESERVED: "wlan.wfa.ie.wme.acp.reserved", "Reserved", UInt8, Dec, mask 0x80, blurb "Must be Zero";
    WFA_IE_WME_ACP_ECW: "wlan.wfa.ie.wme.acp.ecw", "ECW", UInt8, Hex;
    WFA_IE_WME_ACP_ECW_MAX: "wlan.wfa.ie.wme.acp.ecw.max", "ECW Max", UInt8, Dec, mask 0xf0;
    WFA_IE_WME_ACP_ECW_MIN: "wlan.wfa.ie.wme.acp.ecw.min", "ECW Min", UInt8, Dec, mask 0xf;
    WFA_IE_WME_ACP_CW_MAX: "wlan.wfa.ie.wme.acp.cw.max", "CW Max", UInt8, Dec;
    WFA_IE_WME_ACP_CW_MIN: "wlan.wfa.ie.wme.acp.cw.min", "CW Min", UInt8, Dec;
    WFA_IE_WME_ACP_TXOP_LIMIT: "wlan.wfa.ie.wme.acp.txop_limit", "TXOP Limit", UInt16, Dec;
    EXTENDED_SUPPORTED_RATES: "wlan.extended_supported_rates", "Extended Supported Rates", UInt8, Hex, blurb "In Mbit/sec, (B) for Basic Rates";
    CCMP_EXTIV: "wlan.ccmp.extiv", "CCMP Ext. Initialization Vector", String, None, blurb "CCMP Extended Initialization Vector";
    QOS_QUEUE_SIZE: "wlan.qos.queue_size", "Queue Size", UInt16, Dec, mask 0xff00;
    FIXED_CURRENT_AP: "wlan.fixed.current_ap", "Current AP", Ether, None, blurb "MAC address of current AP";
    TAG_DATA: "wlan.tag.data", "Tag Data", Bytes, None, blurb "Data Interpretation of tag";
    EXTCAP: "wlan.extcap", "Extended Capabilities", UInt8, Hex;
    EXTCAP_B0: "wlan.extcap.b0", "20/40 BSS Coexistence Management Support", Boolean, Bits(8), mask 0x1, tf ("Supported", "Not supported"), blurb "HT Information Exchange Support";
    EXTCAP_B1: "wlan.extcap.b1", "Reserved (was On-demand beacon)", UInt8, Hex, mask 0x2, blurb "Must be zero";
    EXTCAP_B2: "wlan.extcap.b2", "Extended Channel Switching", Boolean, Bits(8), mask 0x4, tf ("Supported", "Not supported");
    EXTCAP_B3: "wlan.extcap.b3", "Reserved (was WAVE indication)", UInt8, Hex, mask 0x8, blurb "Must be zero";
    EXTCAP_B4: "wlan.extcap.b4", "PSMP Capability", Boolean, Bits(8), mask 0x10, tf ("Supported", "Not supported");
    EXTCAP_B5: "wlan.extcap.b5", "Reserved", UInt8, Hex, mask 0x20, blurb "Must be zero";
    EXTCAP_B6: "wlan.extcap.b6", "S-PSMP Support", Boolean, Bits(8), mask 0x40, tf ("Supported", "Not supported");
    EXTCAP_B7: "wlan.extcap.b7", "Event", Boolean, Bits(8), mask 0x80, tf ("Supported", "Not supported");
    EXTCAP_B8: "wlan.extcap.b8", "Diagnostics", Boolean, Bits(8), mask 0x1, tf ("Supported", "Not supported");
    EXTCAP_B9: "wlan.extcap.b9", "Multicast Diagnostics", Boolean, Bits(8), mask 0x2, tf ("Supported", "Not supported");
    EXTCAP_B10: "wlan.extcap.b10", "Location Tracking", Boolean, Bits(8), mask 0x4, tf ("Supported", "Not supported");
    EXTCAP_B11: "wlan.extcap.b11", "FMS", Boolean, Bits(8), mask 0x8, tf ("Supported", "Not supported");
    EXTCAP_B12: "wlan.extcap.b12", "Proxy ARP Service", Boolean, Bits(8), mask 0x10, tf ("Supported", "Not supported");
    EXTCAP_B13: "wlan.extcap.b13", "Collocated Interference Reporting", Boolean, Bits(8), mask 0x20, tf ("Supported", "Not supported");
    EXTCAP_B14: "wlan.extcap.b14", "Civic Location", Boolean, Bits(8), mask 0x40, tf ("Supported", "Not supported");
    EXTCAP_B15: "wlan.extcap.b15", "Geospatial Location", Boolean, Bits(8), mask 0x80, tf ("Supported", "Not supported");
    EXTCAP_B16: "wlan.extcap.b16", "TFS", Boolean, Bits(8), mask 0x1, tf ("Supported", "Not supported");
    EXTCAP_B17: "wlan.extcap.b17", "WNM Sleep Mode", Boolean, Bits(8), mask 0x2, tf ("Supported", "Not supported");
    EXTCAP_B18: "wlan.extcap.b18", "TIM Broadcast", Boolean, Bits(8), mask 0x4, tf ("Supported", "Not supported");
    EXTCAP_B19: "wlan.extcap.b19", "BSS Transition", Boolean, Bits(8), mask 0x8, tf ("Supported", "Not supported");
    EXTCAP_B20: "wlan.extcap.b20", "QoS Traffic Capability", Boolean, Bits(8), mask 0x10, tf ("Supported", "Not supported");
    EXTCAP_B21: "wlan.extcap.b21", "AC Station Count", Boolean, Bits(8), mask 0x20, tf ("Supported", "Not supported");
    EXTCAP_B22: "wlan.extcap.b22", "Multiple BSSID", Boolean, Bits(8), mask 0x40, tf ("Supported", "Not supported");
    EXTCAP_B23: "wlan.extcap.b23", "Timing Measurement", Boolean, Bits(8), mask 0x80, tf ("Supported", "Not supported");
    EXTCAP_B24: "wlan.extcap.b24", "Channel Usage", Boolean, Bits(8), mask 0x1, tf ("Supported", "Not supported");
    EXTCAP_B25: "wlan.extcap.b25", "SSID List", Boolean, Bits(8), mask 0x2, tf ("Supported", "Not supported");
    EXTCAP_B26: "wlan.extcap.b26", "DMS", Boolean, Bits(8), mask 0x4, tf ("Supported", "Not supported");
    EXTCAP_B27: "wlan.extcap.b27", "UTC TSF Offset", Boolean, Bits(8), mask 0x8, tf ("Supported", "Not supported");
    EXTCAP_B28: "wlan.extcap.b28", "TPU Buffer STA Support", Boolean, Bits(8), mask 0x10, tf ("Supported", "Not supported");
    EXTCAP_B29: "wlan.extcap.b29", "TDLS Peer PSM Support", Boolean, Bits(8), mask 0x20, tf ("Supported", "Not supported");
    EXTCAP_B30: "wlan.extcap.b30", "TDLS channel switching", Boolean, Bits(8), mask 0x40, tf ("Supported", "Not supported");
    EXTCAP_B31: "wlan.extcap.b31", "Interworking", Boolean, Bits(8), mask 0x80, tf ("Supported", "Not supported");
    ATHEROS_IE_TYPE: "wlan.atheros.ie.type", "Type", UInt8, Hex, values &[(1, "Advanced Capability"), (3, "eXtended Range")];
    ATHEROS_IE_SUBTYPE: "wlan.atheros.ie.subtype", "Subtype", UInt8, Hex;
    ATHEROS_IE_VERSION: "wlan.atheros.ie.version", "Version", UInt8, Hex;
    IE_ATHEROS_CAPABILITIES_TURBOP: "wlan.ie.atheros.capabilities.turbop", "Turbo Prime", Boolean, Bits(8), mask 0x1, tf ("True", "False");
    IE_ATHEROS_CAPABILITIES_COMP: "wlan.ie.atheros.capabilities.comp", "Compression", Boolean, Bits(8), mask 0x2, tf ("True", "False");
    IE_ATHEROS_CAPABILITIES_FF: "wlan.ie.atheros.capabilities.ff", "Fast Frames", Boolean, Bits(8), mask 0x4, tf ("True", "False");
    IE_ATHEROS_CAPABILITIES_XR: "wlan.ie.atheros.capabilities.xr", "eXtended Range", Boolean, Bits(8), mask 0x8, tf ("True", "False");
    IE_ATHEROS_CAPABILITIES_AR: "wlan.ie.atheros.capabilities.ar", "Advanced Radar", Boolean, Bits(8), mask 0x10, tf ("True", "False");
    IE_ATHEROS_CAPABILITIES_BURST: "wlan.ie.atheros.capabilities.burst", "Burst", Boolean, Bits(8), mask 0x20, tf ("True", "False");
    IE_ATHEROS_CAPABILITIES_WME: "wlan.ie.atheros.capabilities.wme", "CWMin tuning", Boolean, Bits(8), mask 0x40, tf ("True", "False");
    IE_ATHEROS_CAPABILITIES_BOOST: "wlan.ie.atheros.capabilities.boost", "Boost", Boolean, Bits(8), mask 0x80, tf ("True", "False");
    ATHEROS_IE_ADVCAP_CAP: "wlan.atheros.ie.advcap.cap", "Capabilities", UInt8, Hex;
    ATHEROS_IE_ADVCAP_DEFKEY: "wlan.atheros.ie.advcap.defkey", "Default key index", UInt16, Hex;
    ATHEROS_IE_XR_INFO: "wlan.atheros.ie.xr.info", "Info", UInt8, Hex;
    ATHEROS_IE_XR_BASE_BSSID: "wlan.atheros.ie.xr.base_bssid", "Base BSS Id", Ether, None;
    ATHEROS_IE_XR_XR_BSSID: "wlan.atheros.ie.xr.xr_bssid", "XR BSS Id", Ether, None;
    ATHEROS_IE_XR_XR_BEACON: "wlan.atheros.ie.xr.xr_beacon", "XR Beacon Interval", UInt32, Custom;
    ATHEROS_IE_XR_BASE_CAP: "wlan.atheros.ie.xr.base_cap", "Base capabilities", UInt8, Hex;
    ATHEROS_IE_XR_XR_CAP: "wlan.atheros.ie.xr.xr_cap", "XR capabilities", UInt8, Hex;
    ATHEROS_DATA: "wlan.atheros.data", "Atheros IE data", Bytes, None;
    INTERWORKING_ACCESS_NETWORK_TYPE: "wlan.interworking.access_network_type", "Access Network Type", UInt8, Dec, mask 0xf, values &[(0, "Private network"), (1, "Private network with guest access"), (2, "Chargeable public network"), (3, "Free public network"), (4, "Personal device network"), (5, "Emergency services only network"), (14, "Test or experimental"), (15, "Wildcard")];
    INTERWORKING_INTERNET: "wlan.interworking.internet", "Internet", UInt8, Dec, mask 0x10;
    INTERWORKING_ASRA: "wlan.interworking.asra", "ASRA", UInt8, Dec, mask 0x20, blurb "Additional Step Required for Access";
    INTERWORKING_ESR: "wlan.interworking.esr", "ESR", UInt8, Dec, mask 0x40, blurb "Emergency services reachable";
    INTERWORKING_UESA: "wlan.interworking.uesa", "UESA", UInt8, Dec, mask 0x80, blurb "Unauthenticated emergency service accessible";
    INTERWORKING_HESSID: "wlan.interworking.hessid", "HESSID", Ether, None, blurb "Homogeneous ESS identifier";
    VS_PREN_TYPE: "wlan.vs.pren.type", "802.11n (Pre) Type", UInt8, Dec, values &[(51, "HT Capabilities (802.11n D1.10)"), (52, "HT Additional Capabilities (802.11n D1.00)")], blurb "Vendor Specific HT Type";
    HT_CAPABILITIES: "wlan.ht.capabilities", "HT Capabilities Info", UInt16, Hex, blurb "HT Capabilities information";
    VS_HT_CAPABILITIES: "wlan.vs.ht.capabilities", "HT Capabilities Info (VS)", UInt16, Hex, blurb "Vendor Specific HT Capabilities information";
    HT_CAPABILITIES_LDPCCODING: "wlan.ht.capabilities.ldpccoding", "HT LDPC coding capability", Boolean, Bits(16), mask 0x1, tf ("Transmitter supports receiving LDPC coded packets", "Transmitter does not support receiving LDPC coded packets");
    HT_CAPABILITIES_WIDTH: "wlan.ht.capabilities.width", "HT Support channel width", Boolean, Bits(16), mask 0x2, tf ("Transmitter supports 20MHz and 40MHz operation", "Transmitter only supports 20MHz operation");
    HT_CAPABILITIES_SM: "wlan.ht.capabilities.sm", "HT SM Power Save", UInt16, Hex, mask 0xc, values &[(0, "Static SM Power Save mode"), (1, "Dynamic SM Power Save mode"), (2, "Reserved"), (3, "SM Power Save disabled")];
    HT_CAPABILITIES_GREEN: "wlan.ht.capabilities.green", "HT Green Field", Boolean, Bits(16), mask 0x10, tf ("Transmitter is able to receive PPDUs with Green Field (GF) preamble", "Transmitter is not able to receive PPDUs with Green Field (GF) preamble");
    HT_CAPABILITIES_SHORT20: "wlan.ht.capabilities.short20", "HT Short GI for 20MHz", Boolean, Bits(16), mask 0x20, tf ("Supported", "Not supported");
    HT_CAPABILITIES_SHORT40: "wlan.ht.capabilities.short40", "HT Short GI for 40MHz", Boolean, Bits(16), mask 0x40, tf ("Supported", "Not supported");
    HT_CAPABILITIES_TXSTBC: "wlan.ht.capabilities.txstbc", "HT Tx STBC", Boolean, Bits(16), mask 0x80, tf ("Supported", "Not supported");
    HT_CAPABILITIES_RXSTBC: "wlan.ht.capabilities.rxstbc", "HT Rx STBC", UInt16, Hex, mask 0x300, values &[(0, "No Rx STBC support"), (1, "Rx support of one spatial stream"), (2, "Rx support of one and two spatial streams"), (3, "Rx support of one, two, and three spatial streams")], blurb "HT Tx STBC";
    HT_CAPABILITIES_DELAYEDBLOCKACK: "wlan.ht.capabilities.delayedblockack", "HT Delayed Block ACK", Boolean, Bits(16), mask 0x400, tf ("Transmitter supports HT-Delayed BlockAck", "Transmitter does not support HT-Delayed BlockAck");
    HT_CAPABILITIES_AMSDU: "wlan.ht.capabilities.amsdu", "HT Max A-MSDU length", Boolean, Bits(16), mask 0x800, tf ("7935 bytes", "3839 bytes");
    HT_CAPABILITIES_DSSCCK: "wlan.ht.capabilities.dsscck", "HT DSSS/CCK mode in 40MHz", Boolean, Bits(16), mask 0x1000, tf ("Will/Can use DSSS/CCK in 40 MHz", "Won't/Can't use of DSSS/CCK in 40 MHz"), blurb "HT DSS/CCK mode in 40MHz";
    HT_CAPABILITIES_PSMP: "wlan.ht.capabilities.psmp", "HT PSMP Support", Boolean, Bits(16), mask 0x2000, tf ("Will/Can support PSMP operation", "Won't/Can't support PSMP operation");
    HT_CAPABILITIES_40MHZINTOLERANT: "wlan.ht.capabilities.40mhzintolerant", "HT Forty MHz Intolerant", Boolean, Bits(16), mask 0x4000, tf ("Use of 40 MHz transmissions restricted/disallowed", "Use of 40 MHz transmissions unrestricted/allowed");
    HT_CAPABILITIES_LSIG: "wlan.ht.capabilities.lsig", "HT L-SIG TXOP Protection support", Boolean, Bits(16), mask 0x8000, tf ("Supported", "Not supported");
    HT_AMPDUPARAM: "wlan.ht.ampduparam", "A-MPDU Parameters", UInt8, Hex;
    VS_HT_AMPDUPARAM: "wlan.vs.ht.ampduparam", "A-MPDU Parameters (VS)", UInt8, Hex, blurb "Vendor Specific A-MPDU Parameters";
    HT_AMPDUPARAM_MAXLENGTH: "wlan.ht.ampduparam.maxlength", "Maximum Rx A-MPDU Length", UInt8, Hex, mask 0x3;
    HT_AMPDUPARAM_MPDUDENSITY: "wlan.ht.ampduparam.mpdudensity", "MPDU Density", UInt8, Hex, mask 0x1c, values &[(0, "no restriction"), (1, "1/4 [usec]"), (2, "1/2 [usec]"), (3, "1 [usec]"), (4, "2 [usec]"), (5, "4 [usec]"), (6, "8 [usec]"), (7, "16 [usec]")];
    HT_AMPDUPARAM_RESERVED: "wlan.ht.ampduparam.reserved", "Reserved", UInt8, Hex, mask 0xe0;
    HT_MCSSET: "wlan.ht.mcsset", "Rx Supported Modulation and Coding Scheme Set", None, None;
    VS_HT_MCSSET: "wlan.vs.ht.mcsset", "Rx Supported Modulation and Coding Scheme Set (VS)", None, None, blurb "Vendor Specific Rx Supported Modulation and Coding Scheme Set";
    HT_MCSSET_RXBITMASK: "wlan.ht.mcsset.rxbitmask", "Rx Modulation and Coding Scheme (One bit per modulation)", None, None, blurb "One bit per modulation";
    HT_MCSSET_RXBITMASK_0TO7: "wlan.ht.mcsset.rxbitmask.0to7", "Rx Bitmask Bits 0-7", UInt32, Hex, mask 0xff;
    HT_MCSSET_RXBITMASK_8TO15: "wlan.ht.mcsset.rxbitmask.8to15", "Rx Bitmask Bits 8-15", UInt32, Hex, mask 0xff00;
    HT_MCSSET_RXBITMASK_16TO23: "wlan.ht.mcsset.rxbitmask.16to23", "Rx Bitmask Bits 16-23", UInt32, Hex, mask 0xff0000;
    HT_MCSSET_RXBITMASK_24TO31: "wlan.ht.mcsset.rxbitmask.24to31", "Rx Bitmask Bits 24-31", UInt32, Hex, mask 0xff000000;
    HT_MCSSET_RXBITMASK_32: "wlan.ht.mcsset.rxbitmask.32", "Rx Bitmask Bit 32", UInt32, Hex, mask 0x1;
    HT_MCSSET_RXBITMASK_33TO38: "wlan.ht.mcsset.rxbitmask.33to38", "Rx Bitmask Bits 33-38", UInt32, Hex, mask 0x7e;
    HT_MCSSET_RXBITMASK_39TO52: "wlan.ht.mcsset.rxbitmask.39to52", "Rx Bitmask Bits 39-52", UInt32, Hex, mask 0x1fff80;
    HT_MCSSET_RXBITMASK_53TO76: "wlan.ht.mcsset.rxbitmask.53to76", "Rx Bitmask Bits 53-76", UInt32, Hex, mask 0x1fffffe0;
    HT_MCSSET_HIGHESTDATARATE: "wlan.ht.mcsset.highestdatarate", "Highest Supported Data Rate", UInt16, Hex, mask 0x3ff;
    HT_MCSSET_TXSETDEFINED: "wlan.ht.mcsset.txsetdefined", "Tx Supported MCS Set", Boolean, Bits(16), mask 0x1, tf ("Defined", "Not defined");
    HT_MCSSET_TXRXMCSNOTEQUAL: "wlan.ht.mcsset.txrxmcsnotequal", "Tx and Rx MCS Set", Boolean, Bits(16), mask 0x2, tf ("Not Equal", "Equal");
    HT_MCSSET_TXMAXSS: "wlan.ht.mcsset.txmaxss", "Maximum Number of Tx Spatial Streams Supported", UInt16, Hex, mask 0xc;
    HT_MCSSET_TXUNEQUALMOD: "wlan.ht.mcsset.txunequalmod", "Unequal Modulation", Boolean, Bits(16), mask 0x10, tf ("Supported", "Not supported");
    HTEX_CAPABILITIES: "wlan.htex.capabilities", "HT Extended Capabilities", UInt16, Hex, blurb "HT Extended Capability information";
    VS_HTEX_CAPABILITIES: "wlan.vs.htex.capabilities", "HT Extended Capabilities (VS)", UInt16, Hex, blurb "Vendor Specific HT Extended Capability information";
    HTEX_CAPABILITIES_PCO: "wlan.htex.capabilities.pco", "Transmitter supports PCO", Boolean, Bits(16), mask 0x1, tf ("Supported", "Not supported");
    HTEX_CAPABILITIES_TRANSTIME: "wlan.htex.capabilities.transtime", "Time needed to transition between 20MHz and 40MHz", UInt16, Hex, mask 0x6, values &[(0, "No Transition"), (1, "400 usec"), (2, "1.5 msec"), (3, "5 msec")];
    HTEX_CAPABILITIES_MCS: "wlan.htex.capabilities.mcs", "MCS Feedback capability", UInt16, Hex, mask 0x300, values &[(0, "STA does not provide MCS feedback"), (1, "Reserved"), (2, "STA provides only unsolicited MCS feedback"), (3, "STA can provide MCS feedback in response to MRQ as well as unsolicited MCS feedback")];
    HTEX_CAPABILITIES_HTC: "wlan.htex.capabilities.htc", "High Throughput", Boolean, Bits(16), mask 0x400, tf ("Supported", "Not supported");
    HTEX_CAPABILITIES_RDRESPONDER: "wlan.htex.capabilities.rdresponder", "Reverse Direction Responder", Boolean, Bits(16), mask 0x800, tf ("Supported", "Not supported");
    TXBF: "wlan.txbf", "Transmit Beam Forming (TxBF) Capabilities", UInt32, Hex;
    VS_TXBF: "wlan.vs.txbf", "Transmit Beam Forming (TxBF) Capabilities (VS)", UInt32, Hex, blurb "Vendor Specific Transmit Beam Forming (TxBF) Capabilities";
    TXBF_TXBF: "wlan.txbf.txbf", "Transmit Beamforming", Boolean, Bits(32), mask 0x1, tf ("Supported", "Not supported");
    TXBF_RXSS: "wlan.txbf.rxss", "Receive Staggered Sounding", Boolean, Bits(32), mask 0x2, tf ("Supported", "Not supported");
    TXBF_TXSS: "wlan.txbf.txss", "Transmit Staggered Sounding", Boolean, Bits(32), mask 0x4, tf ("Supported", "Not supported");
    TXBF_RXNDP: "wlan.txbf.rxndp", "Receive Null Data packet (NDP)", Boolean, Bits(32), mask 0x8, tf ("Supported", "Not supported");
    TXBF_TXNDP: "wlan.txbf.txndp", "Transmit Null Data packet (NDP)", Boolean, Bits(32), mask 0x10, tf ("Supported", "Not supported");
    TXBF_IMPLTXBF: "wlan.txbf.impltxbf", "Implicit TxBF capable", Boolean, Bits(32), mask 0x20, tf ("Supported", "Not supported"), blurb "Implicit Transmit Beamforming (TxBF) capable";
    TXBF_CALIBRATION: "wlan.txbf.calibration", "Calibration", UInt32, Hex, mask 0xc0, values &[(0, "incapable"), (1, "Limited involvement, cannot initiate"), (2, "Limited involvement, can initiate"), (3, "Fully capable")];
    TXBF_CSI: "wlan.txbf.csi", "STA can apply TxBF using CSI explicit feedback", Boolean, Bits(32), mask 0x100, tf ("Supported", "Not supported"), blurb "Station can apply TxBF using CSI explicit feedback";
    TXBF_FM_UNCOMPRESSED_TBF: "wlan.txbf.fm.uncompressed.tbf", "STA can apply TxBF using uncompressed beamforming feedback matrix", Boolean, Bits(32), mask 0x200, tf ("Supported", "Not supported"), blurb "Station can apply TxBF using uncompressed beamforming feedback matrix";
    TXBF_FM_COMPRESSED_TBF: "wlan.txbf.fm.compressed.tbf", "STA can apply TxBF using compressed beamforming feedback matrix", Boolean, Bits(32), mask 0x400, tf ("Supported", "Not supported"), blurb "Station can apply TxBF using compressed beamforming feedback matrix";
    TXBF_RCSI: "wlan.txbf.rcsi", "Receiver can return explicit CSI feedback", UInt32, Hex, mask 0x1800, values &[(0, "not supported"), (1, "delayed feedback capable"), (2, "immediate feedback capable"), (3, "delayed and immediate feedback capable")];
    TXBF_FM_UNCOMPRESSED_RBF: "wlan.txbf.fm.uncompressed.rbf", "Receiver can return explicit uncompressed Beamforming Feedback Matrix", UInt32, Hex, mask 0x6000, values &[(0, "not supported"), (1, "delayed feedback capable"), (2, "immediate feedback capable"), (3, "delayed and immediate feedback capable")];
    TXBF_FM_COMPRESSED_BF: "wlan.txbf.fm.compressed.bf", "STA can compress and use compressed Beamforming Feedback Matrix", UInt32, Hex, mask 0x18000, values &[(0, "not supported"), (1, "delayed feedback capable"), (2, "immediate feedback capable"), (3, "delayed and immediate feedback capable")], blurb "Station can compress and use compressed Beamforming Feedback Matrix";
    TXBF_MINGROUP: "wlan.txbf.mingroup", "Minimal grouping used for explicit feedback reports", UInt32, Hex, mask 0x60000, values &[(0, "No grouping supported"), (1, "Groups of 1, 2 supported"), (2, "Groups of 1, 4 supported"), (3, "Groups of 1, 2, 4 supported")];
    TXBF_CSINUMANT: "wlan.txbf.csinumant", "Max antennae STA can support when CSI feedback required", UInt32, Hex, mask 0x180000, values &[(0, "1 TX antenna sounding"), (1, "2 TX antenna sounding"), (2, "3 TX antenna sounding"), (3, "4 TX antenna sounding")], blurb "Max antennae station can support when CSI feedback required";
    TXBF_FM_UNCOMPRESSED_MAXANT: "wlan.txbf.fm.uncompressed.maxant", "Max antennae STA can support when uncompressed Beamforming feedback required", UInt32, Hex, mask 0x600000, values &[(0, "1 TX antenna sounding"), (1, "2 TX antenna sounding"), (2, "3 TX antenna sounding"), (3, "4 TX antenna sounding")], blurb "Max antennae station can support when uncompressed Beamforming feedback required";
    TXBF_FM_COMPRESSED_MAXANT: "wlan.txbf.fm.compressed.maxant", "Max antennae STA can support when compressed Beamforming feedback required", UInt32, Hex, mask 0x1800000, values &[(0, "1 TX antenna sounding"), (1, "2 TX antenna sounding"), (2, "3 TX antenna sounding"), (3, "4 TX antenna sounding")], blurb "Max antennae station can support when compressed Beamforming feedback required";
    TXBF_CSI_MAXROWS: "wlan.txbf.csi.maxrows", "Maximum number of rows of CSI explicit feedback", UInt32, Hex, mask 0x6000000, values &[(0, "1 row of CSI"), (1, "2 rows of CSI"), (2, "3 rows of CSI"), (3, "4 rows of CSI")];
    TXBF_CHANNELEST: "wlan.txbf.channelest", "Maximum number of space time streams for which channel dimensions can be simultaneously estimated", UInt32, Hex, mask 0x18000000, values &[(0, "1 space time stream"), (1, "2 space time streams"), (2, "3 space time streams"), (3, "4 space time streams")];
    TXBF_RESERVED: "wlan.txbf.reserved", "Reserved", UInt32, Hex, mask 0xe0000000;
    HTA_CONTROL_CHANNEL: "wlan.hta.control_channel", "HT Control Channel", UInt8, Dec;
    HTA_CAPABILITIES: "wlan.hta.capabilities", "HT Additional Capabilities", UInt8, Hex, blurb "HT Additional Capability information";
    HTA_CAPABILITIES_EXT_CHAN_OFFSET: "wlan.hta.capabilities.ext_chan_offset", "Extension Channel Offset", UInt16, Hex, mask 0x3, values &[(0, "No Extension Channel"), (1, "Extension Channel above control channel"), (2, "Undefined"), (3, "Extension Channel below control channel")];
    HTA_CAPABILITIES_REC_TX_WIDTH: "wlan.hta.capabilities.rec_tx_width", "Recommended Tx Channel Width", Boolean, Bits(16), mask 0x4, tf ("Any channel width enabled", "Use 20MHz channel (control)"), blurb "Recommended Transmit Channel Width";
    HTA_CAPABILITIES_RIFS_MODE: "wlan.hta.capabilities.rifs_mode", "Reduced Interframe Spacing (RIFS) Mode", Boolean, Bits(16), mask 0x8, tf ("Use of RIFS permitted", "Use of RIFS prohibited");
    HTA_CAPABILITIES_CONTROLLED_ACCESS: "wlan.hta.capabilities.controlled_access", "Controlled Access Only", Boolean, Bits(16), mask 0x10, tf ("Not only PSMP", "PSMP only");
    HTA_CAPABILITIES_SERVICE_INTERVAL: "wlan.hta.capabilities.service_interval", "Service Interval Granularity", UInt16, Hex, mask 0xe0, values &[(0, "5ms"), (1, "10ms"), (2, "15ms"), (3, "20ms"), (4, "25ms"), (5, "30ms"), (6, "35ms"), (7, "40ms")];
    HTA_CAPABILITIES_OPERATING_MODE: "wlan.hta.capabilities.operating_mode", "Operating Mode", UInt16, Hex, mask 0x3, values &[(0, "Pure HT, no protection"), (1, "There may be non-HT devices (control & ext channel)"), (2, "No non-HT is associated, but at least 1 20MHz is. protect on"), (3, "Mixed: no non-HT is associated, protect on")];
    HTA_CAPABILITIES_NON_GF_DEVICES: "wlan.hta.capabilities.non_gf_devices", "Non Greenfield (GF) devices Present", Boolean, Bits(16), mask 0x4, tf ("All HT devices associated are GF capable", "One or More HT devices are not GF capable"), blurb "on Greenfield (GF) devices Present";
    HTA_CAPABILITIES_BASIC_STBC_MCS: "wlan.hta.capabilities.basic_stbc_mcs", "Basic STB Modulation and Coding Scheme (MCS)", UInt16, Hex, mask 0x7f;
    HTA_CAPABILITIES_DUAL_STBC_PROTECTION: "wlan.hta.capabilities.dual_stbc_protection", "Dual Clear To Send (CTS) Protection", Boolean, Bits(16), mask 0x80, tf ("Dual CTS protections is used", "Regular use of RTS/CTS");
    HTA_CAPABILITIES_SECONDARY_BEACON: "wlan.hta.capabilities.secondary_beacon", "Secondary Beacon", Boolean, Bits(16), mask 0x100, tf ("Secondary Beacon", "Primary Beacon");
    HTA_CAPABILITIES_LSIG_TXOP_PROTECTION: "wlan.hta.capabilities.lsig_txop_protection", "L-SIG TXOP Protection Support", Boolean, Bits(16), mask 0x200, tf ("Full Support", "Not full support");
    HTA_CAPABILITIES_PCO_ACTIVE: "wlan.hta.capabilities.pco_active", "Phased Coexistence Operation (PCO) Active", Boolean, Bits(16), mask 0x400, tf ("PCO is activated in the BSS", "PCO is not activated in the BSS");
    HTA_CAPABILITIES_PCO_PHASE: "wlan.hta.capabilities.pco_phase", "Phased Coexistence Operation (PCO) Phase", Boolean, Bits(16), mask 0x800, tf ("Switch to 20MHz phase/keep 20MHz", "Switch to 40MHz phase/keep 40MHz");
    ASEL: "wlan.asel", "Antenna Selection (ASEL) Capabilities", UInt8, Hex;
    VS_ASEL: "wlan.vs.asel", "Antenna Selection (ASEL) Capabilities (VS)", UInt8, Hex, blurb "Vendor Specific Antenna Selection (ASEL) Capabilities";
    ASEL_CAPABLE: "wlan.asel.capable", "Antenna Selection Capable", Boolean, Bits(8), mask 0x1, tf ("Supported", "Not supported");
    ASEL_TXCSI: "wlan.asel.txcsi", "Explicit CSI Feedback Based Tx ASEL", Boolean, Bits(8), mask 0x2, tf ("Supported", "Not supported");
    ASEL_TXIF: "wlan.asel.txif", "Antenna Indices Feedback Based Tx ASEL", Boolean, Bits(8), mask 0x4, tf ("Supported", "Not supported");
    ASEL_CSI: "wlan.asel.csi", "Explicit CSI Feedback", Boolean, Bits(8), mask 0x8, tf ("Supported", "Not supported");
    ASEL_IF: "wlan.asel.if", "Antenna Indices Feedback", Boolean, Bits(8), mask 0x10, tf ("Supported", "Not supported");
    ASEL_RX: "wlan.asel.rx", "Rx ASEL", Boolean, Bits(8), mask 0x20, tf ("Supported", "Not supported");
    ASEL_SPPDU: "wlan.asel.sppdu", "Tx Sounding PPDUs", Boolean, Bits(8), mask 0x40, tf ("Supported", "Not supported");
    ASEL_RESERVED: "wlan.asel.reserved", "Reserved", UInt8, Hex, mask 0x80;
    HT_INFO_DELIM1: "wlan.ht.info.delim1", "HT Information Subset (1 of 3)", UInt8, Hex;
    HT_INFO_PRIMARYCHANNEL: "wlan.ht.info.primarychannel", "Primary Channel", UInt8, Dec;
    HT_INFO_SECCHANOFFSET: "wlan.ht.info.secchanoffset", "Secondary channel offset", UInt8, Hex, mask 0x3, values &[(0, "No secondary channel"), (1, "Secondary channel is above the primary channel"), (2, "Reserved"), (3, "Secondary channel is below the primary channel")];
    HT_INFO_CHANWIDTH: "wlan.ht.info.chanwidth", "Supported channel width", Boolean, Bits(8), mask 0x4, tf ("Channel of any width supported", "20 MHz channel width only");
    HT_INFO_RIFS: "wlan.ht.info.rifs", "Reduced Interframe Spacing (RIFS)", Boolean, Bits(8), mask 0x8, tf ("Permitted", "Prohibited");
    HT_INFO_RESERVED_B4_B7: "wlan.ht.info.reserved_b4_b7", "Reserved", UInt8, Hex, mask 0xf0;
    HT_INFO_DELIM2: "wlan.ht.info.delim2", "HT Information Subset (2 of 3)", UInt16, Hex;
    HT_INFO_HT_PROTECTION: "wlan.ht.info.ht_protection", "HT Protection", UInt16, Hex, mask 0x3, values &[(0, "No protection mode"), (1, "HT non-member protection mode"), (2, "20 MHz protection mode"), (3, "non-HT mixed mode")];
    HT_INFO_GREENFIELD: "wlan.ht.info.greenfield", "Non-greenfield STAs present", Boolean, Bits(16), mask 0x4, tf ("One or more associated STAs are not greenfield capable", "All associated STAs are greenfield capable");
    HT_INFO_RESERVED_B11: "wlan.ht.info.reserved_b11", "Reserved", UInt16, Hex, mask 0x8;
    HT_INFO_OBSSNONHT: "wlan.ht.info.obssnonht", "OBSS non-HT STAs present", Boolean, Bits(16), mask 0x10, tf ("Use of protection for non-HT STAs by overlapping BSSs is needed", "Use of protection for non-HT STAs by overlapping BSSs is not needed");
    HT_INFO_CHAN_CENTER_FREQ_SEG_2: "wlan.ht.info.chan_center_freq_seg_2", "Channel Center Frequency Segment 2", UInt16, Dec, mask 0x1fe0;
    HT_INFO_RESERVED_B21_B23: "wlan.ht.info.reserved_b21_b23", "Reserved", UInt16, Hex, mask 0xe000;
    HT_INFO_DELIM3: "wlan.ht.info.delim3", "HT Information Subset (3 of 3)", UInt16, Hex;
    HT_INFO_RESERVED_B24_B29: "wlan.ht.info.reserved_b24_b29", "Reserved", UInt16, Hex, mask 0x3f;
    HT_INFO_DUALBEACON: "wlan.ht.info.dualbeacon", "Dual beacon", Boolean, Bits(16), mask 0x40, tf ("AP transmits a secondary beacon", "No second beacon is transmitted");
    HT_INFO_DUALCTS: "wlan.ht.info.dualcts", "Dual Clear To Send (CTS) protection", Boolean, Bits(16), mask 0x80, tf ("Required", "Not required");
    HT_INFO_SECONDARYBEACON: "wlan.ht.info.secondarybeacon", "Beacon ID", Boolean, Bits(16), mask 0x100, tf ("STBC beacon", "Primary beacon");
    HT_INFO_LSIGPROTSUPPORT: "wlan.ht.info.lsigprotsupport", "L-SIG TXOP Protection Full Support", Boolean, Bits(16), mask 0x200, tf ("All HT STAs in the BSS support L-SIG TXOP protection", "One or more HT STAs in the BSS do not support L-SIG TXOP protection");
    HT_INFO_PCO_ACTIVE: "wlan.ht.info.pco.active", "Phased Coexistence Operation (PCO)", Boolean, Bits(16), mask 0x400, tf ("Active", "Inactive");
    HT_INFO_PCO_PHASE: "wlan.ht.info.pco.phase", "Phased Coexistence Operation (PCO) Phase", Boolean, Bits(16), mask 0x800, tf ("Switch to or continue 40 MHz phase", "Switch to or continue 20 MHz phase");
    HT_INFO_RESERVED_B36_B39: "wlan.ht.info.reserved_b36_b39", "Reserved", UInt16, Hex, mask 0xf000;
}

/// Frame types (the two bits of frame control's first byte above the version).
const MGMT: u8 = 0;
const CONTROL: u8 = 1;
const DATA: u8 = 2;

/// An 802.11 frame with no radio header (link type 105): Wireshark assumes no FCS.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    dissect_frame(cx, data, offset, parent, false);
    data.len().saturating_sub(offset)
}

/// The 802.11 frame at `offset`, which ends in a 4-byte FCS when `fcs` (the radio header says so).
pub fn dissect_frame(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx, fcs: bool) {
    let avail = data.len().saturating_sub(offset);
    cx.set_protocol("802.11");
    let (Some(b0), Some(flags)) = (read::u8(data, offset), read::u8(data, offset + 1)) else {
        cx.push_layer(parent, PROTOCOL_FIELD, "wlan", "", offset, avail);
        cx.cut_short(offset, data.len(), "IEEE 802.11");
        return;
    };
    let ftype = (b0 >> 2) & 3;
    let subtype = b0 >> 4;
    let type_subtype = ((ftype as u16) << 4) | subtype as u16;
    let tods = flags & 0x01 != 0;
    let fromds = flags & 0x02 != 0;
    let protected = flags & 0x40 != 0;
    let order = flags & 0x80 != 0;
    let qos = ftype == DATA && subtype & 0x08 != 0;
    let header_len = match ftype {
        MGMT => 24 + if order { 4 } else { 0 },
        CONTROL => match subtype {
            // CTS and ACK carry the receiver's address only.
            12 | 13 => 10,
            _ => 16,
        },
        DATA => {
            24 + if tods && fromds { 6 } else { 0 }
                + if qos { 2 } else { 0 }
                + if qos && order { 4 } else { 0 }
        }
        _ => 2,
    };
    let name = TYPE_SUBTYPE_NAMES
        .iter()
        .find(|(v, _)| *v == type_subtype as u64)
        .map_or("Unrecognized (Reserved frame)", |(_, n)| *n);
    let mut flag_str = [b'.'; 9];
    for (i, c) in b"opmPRMFT".iter().enumerate() {
        if flags & (0x80 >> i) != 0 {
            flag_str[i] = *c;
        }
    }
    let flag_str = if fcs {
        flag_str[8] = b'C';
        &flag_str[..]
    } else {
        &flag_str[..8]
    };
    // Only ASCII was written.
    let flag_str = std::str::from_utf8(flag_str).unwrap_or_default();

    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "wlan",
        "",
        offset,
        header_len.min(avail),
    );
    // The frame's name is in the Info column before the header is read, as tshark puts it.
    cx.set_info(format_args!("{name}"));
    cx.tree
        .set_label(top, format_args!("IEEE 802.11 {name}, Flags: {flag_str}"));
    cx.uint(top, FC_TYPE_SUBTYPE, offset, 1, type_subtype as u64);
    let fc = cx.uint(top, FC, offset, 2, ((b0 as u64) << 8) | flags as u64);
    cx.bits(fc, FC_VERSION, offset, 1, b0 as u64);
    cx.bits(fc, FC_TYPE, offset, 1, b0 as u64);
    cx.bits(fc, FC_SUBTYPE, offset, 1, b0 as u64);
    let fl = cx.uint(fc, FLAGS, offset + 1, 1, flags as u64);
    let f = flags as u64;
    cx.bits(fl, FC_DS, offset + 1, 1, f);
    if cx.tree.wants(FC_TODS) {
        cx.hidden(fl, FC_TODS, offset + 1, 1, Value::UInt(f & 1));
    }
    if cx.tree.wants(FC_FROMDS) {
        cx.hidden(fl, FC_FROMDS, offset + 1, 1, Value::UInt((f >> 1) & 1));
    }
    for field in [
        FC_FRAG,
        FC_RETRY,
        FC_PWRMGT,
        FC_MOREDATA,
        FC_PROTECTED,
        FC_ORDER,
    ] {
        cx.bits(fl, field, offset + 1, 1, f);
    }

    // Where the frame ends on the wire: past the captured bytes when the snapshot length cut it.
    let reported = reported_len(cx, data);
    if reported < offset + header_len + if fcs { 4 } else { 0 } || data.len() < offset + header_len
    {
        cx.cut_short(offset, data.len(), "IEEE 802.11");
        return;
    }
    // The frame's bytes without the FCS (which, in a cut frame, may not have been captured).
    let fcs_at = if fcs { reported - 4 } else { reported };
    let end = fcs_at.min(data.len());
    let body = &data[..end];

    let duration = read::le16(data, offset + 2).unwrap_or(0);
    cx.bits(top, DURATION, offset + 2, 2, duration as u64);
    let mac = |o: usize| read::array::<6>(data, o).unwrap_or_default();
    let a1 = offset + 4;
    let a2 = offset + 10;
    let a3 = offset + 16;
    let mut seq_info = None;
    match ftype {
        MGMT => {
            add_address(cx, top, a1, mac(a1), RA, RA_RESOLVED, true);
            add_address(cx, top, a1, mac(a1), DA, DA_RESOLVED, false);
            add_address(cx, top, a2, mac(a2), TA, TA_RESOLVED, false);
            add_address(cx, top, a2, mac(a2), SA, SA_RESOLVED, false);
            add_address(cx, top, a3, mac(a3), BSSID, BSSID_RESOLVED, false);
            add_either(cx, top, a2, mac(a2));
            add_either(cx, top, a3, mac(a3));
            seq_info = Some(sequence(cx, top, data, offset + 22));
            cx.set_addresses(&super::Mac(mac(a2)), &super::Mac(mac(a1)));
        }
        CONTROL => {
            add_address(cx, top, a1, mac(a1), RA, RA_RESOLVED, true);
            if header_len >= 16 {
                add_address(cx, top, a2, mac(a2), TA, TA_RESOLVED, true);
                cx.set_addresses(&super::Mac(mac(a2)), &super::Mac(mac(a1)));
            } else {
                cx.set_addresses(&"", &super::Mac(mac(a1)));
            }
        }
        DATA => {
            add_address(cx, top, a1, mac(a1), RA, RA_RESOLVED, true);
            add_address(cx, top, a2, mac(a2), TA, TA_RESOLVED, true);
            // Which address is which depends on the DS bits.
            let (da, sa, bssid, sta) = match (tods, fromds) {
                (false, false) => (a1, a2, Some(a3), None),
                (true, false) => (a3, a2, Some(a1), Some(a2)),
                (false, true) => (a1, a3, Some(a2), Some(a1)),
                (true, true) => (a3, offset + 24, None, None),
            };
            add_address(cx, top, da, mac(da), DA, DA_RESOLVED, false);
            add_address(cx, top, sa, mac(sa), SA, SA_RESOLVED, false);
            if let Some(b) = bssid {
                add_address(cx, top, b, mac(b), BSSID, BSSID_RESOLVED, false);
            }
            if let Some(s) = sta {
                add_address(cx, top, s, mac(s), STAA, STAA_RESOLVED, false);
            }
            seq_info = Some(sequence(cx, top, data, offset + 22));
            add_either(cx, top, a3, mac(a3));
            if tods && fromds {
                add_either(cx, top, offset + 24, mac(offset + 24));
            }
            cx.set_addresses(&super::Mac(mac(sa)), &super::Mac(mac(da)));
        }
        _ => {}
    }
    if fcs && fcs_at + 4 <= data.len() {
        let o = fcs_at;
        let v = read::le32(data, o).unwrap_or(0);
        let item = cx.uint(top, FCS, o, 4, v as u64);
        cx.tree.set_label(
            item,
            format_args!("Frame check sequence: 0x{v:08x} [unverified]"),
        );
        cx.tree.add_generated(top, FCS_STATUS, o, 0, Value::UInt(2));
    }
    if qos {
        let o = offset + if tods && fromds { 30 } else { 24 };
        qos_control(cx, top, data, o, fromds && !tods);
    }

    if cx.tree.wants_columns() {
        if let Some((seq, frag)) = seq_info {
            cx.append_info(format_args!(", SN={seq}, FN={frag}"));
        }
        cx.append_info(format_args!(", Flags={flag_str}"));
    }

    let payload = offset + header_len;
    if payload >= end {
        // A body was sent but none of it captured.
        if fcs_at > payload && cx.lost_to_snaplen(end) {
            cx.short(payload, "IEEE 802.11 truncated");
        }
        return;
    }
    if protected {
        protected_body(cx, top, body, payload, fcs_at);
        return;
    }
    match ftype {
        MGMT => super::wlan_mgt::dissect(cx, body, payload, top, subtype, fcs_at),
        // Null-function frames (subtype bit 2) carry nothing; the others an LLC header.
        DATA if subtype & 0x04 == 0 => {
            super::llc::dissect(cx, body, payload, top);
        }
        _ => super::data::dissect(cx, body, payload, top),
    }
}

/// How long the frame in `data` was on the wire (its source's length, or the frame's reported length
/// when it is the frame's own bytes and the snapshot length cut them).
pub fn reported_len(cx: &Cx, data: &[u8]) -> usize {
    if cx.tree.current_source() == 0 {
        (cx.meta.original_len as usize).max(data.len())
    } else {
        data.len()
    }
}

/// Sequence control at `o`: fragment and sequence numbers, returned as (sequence, fragment).
fn sequence(cx: &mut Cx, top: ItemIdx, data: &[u8], o: usize) -> (u16, u16) {
    let v = read::le16(data, o).unwrap_or(0);
    cx.bits(top, FRAG, o, 2, v as u64);
    cx.bits(top, SEQ, o, 2, v as u64);
    (v >> 4, v & 0xf)
}

/// An address as `field` with its hidden resolved name, then (when `either`) as `wlan.addr` too.
fn add_address(
    cx: &mut Cx,
    top: ItemIdx,
    o: usize,
    m: [u8; 6],
    field: fields::FieldId,
    resolved: fields::FieldId,
    either: bool,
) {
    cx.tree.add(top, field, o, 6, Value::Ether(m));
    if cx.tree.wants(resolved) {
        // Names are not resolved (`-n`): the resolved name is the address itself.
        let v = cx.tree.text_value(&super::fmt_mac(m));
        cx.hidden(top, resolved, o, 6, v);
    }
    if either {
        add_either(cx, top, o, m);
    }
}

/// An address as the hidden `wlan.addr` (and its resolved name), which filters match on any address.
fn add_either(cx: &mut Cx, top: ItemIdx, o: usize, m: [u8; 6]) {
    if cx.tree.wants(ADDR) {
        cx.hidden(top, ADDR, o, 6, Value::Ether(m));
    }
    if cx.tree.wants(ADDR_RESOLVED) {
        let v = cx.tree.text_value(&super::fmt_mac(m));
        cx.hidden(top, ADDR_RESOLVED, o, 6, v);
    }
}

/// QoS control at `o`. Bits 8-15 mean the AP's power-save buffer state in frames an AP sends
/// (`from_ap`), else the station's TXOP duration request or queue size, as bit 4 says.
fn qos_control(cx: &mut Cx, top: ItemIdx, data: &[u8], o: usize, from_ap: bool) {
    let v = read::le16(data, o).unwrap_or(0) as u64;
    let q = cx.uint(top, QOS, o, 2, v);
    cx.bits(q, QOS_TID, o, 2, v);
    if cx.tree.wants(QOS_PRIORITY) {
        let p = cx
            .tree
            .add_generated(q, QOS_PRIORITY, o, 2, Value::UInt(v & 7));
        let _ = p;
    }
    if from_ap {
        cx.bits(q, QOS_EOSP, o, 2, v);
        cx.bits(q, QOS_ACK, o, 2, v);
        cx.bits(q, QOS_AMSDUPRESENT, o, 2, v);
        let ps = cx.bits(q, QOS_PS_BUF_STATE, o, 2, v);
        cx.bits(ps, QOS_BUF_STATE_INDICATED, o, 2, v);
    } else {
        cx.bits(q, QOS_BIT4, o, 2, v);
        cx.bits(q, QOS_ACK, o, 2, v);
        cx.bits(q, QOS_AMSDUPRESENT, o, 2, v);
        if v & 0x10 != 0 {
            cx.bits(q, QOS_QUEUE_SIZE, o, 2, v);
        } else {
            let t = cx.bits(q, QOS_TXOP_DUR_REQ, o, 2, v);
            if v >> 8 == 0 {
                cx.set_bits_label(
                    t,
                    16,
                    0xff00,
                    v,
                    format_args!("TXOP Duration Requested: 0 (no TXOP requested)"),
                );
            }
        }
    }
}

/// A protected body at `o` (`data` ends before the FCS or where the capture stopped; on the wire the
/// body ended at `reported_end`): the WEP, TKIP or CCMP header in the 802.11 tree, then the
/// ciphertext as data. The extended-IV bit tells WEP from the others; TKIP's second byte repeats its
/// first with bit 5 set, which CCMP's does not.
fn protected_body(cx: &mut Cx, top: ItemIdx, data: &[u8], o: usize, reported_end: usize) {
    let Some(key_byte) = read::u8(data, o + 3) else {
        cx.cut_short(o, data.len(), "IEEE 802.11");
        return;
    };
    let key_index = (key_byte >> 6) as u64;
    if key_byte & 0x20 == 0 {
        // WEP: 3-byte IV, key index, and a 4-byte ICV at the end (which a capture cut short may
        // not hold).
        if reported_end < o + 8 {
            cx.malformed(o, "WEP parameters cut short");
            return;
        }
        let params = cx.text_item(top, o, 4, format_args!("WEP parameters"));
        let iv = read::be24(data, o).unwrap_or(0);
        cx.uint(params, WEP_IV, o, 3, iv as u64);
        cx.uint(params, WEP_KEY, o + 3, 1, key_index);
        let icv_at = reported_end - 4;
        if let Some(icv) = read::be32(data, icv_at) {
            let item = cx.uint(params, WEP_ICV, icv_at, 4, icv as u64);
            cx.tree
                .set_label(item, format_args!("WEP ICV: 0x{icv:08x} (not verified)"));
        }
        super::data::dissect(cx, &data[..icv_at.min(data.len())], o + 4, top);
        return;
    }
    let Some(h) = read::array::<8>(data, o) else {
        // tshark shows no TKIP or CCMP parameters, and no note, when the extended IV was not all
        // captured; only a body shorter than that on the wire is malformed.
        if !cx.lost_to_snaplen(data.len()) {
            cx.malformed(o, "IEEE 802.11 extended IV cut short");
        }
        return;
    };
    let high = u32::from_le_bytes([h[4], h[5], h[6], h[7]]);
    let tkip = h[1] == (h[0] | 0x20) & 0x7f;
    let (heading, field, iv) = if tkip {
        (
            "TKIP parameters",
            TKIP_EXTIV,
            format!("0x{high:08X}{:02X}{:02X}", h[0], h[2]),
        )
    } else {
        (
            "CCMP parameters",
            CCMP_EXTIV,
            format!("0x{high:08X}{:02X}{:02X}", h[1], h[0]),
        )
    };
    let params = cx.text_item(top, o, 8, format_args!("{heading}"));
    if cx.tree.wants(field) {
        let v = cx.tree.text_value(&iv);
        let item = cx.tree.add(params, field, o, 8, v);
        let label = crate::registry().field(field).name;
        cx.tree.set_label(item, format_args!("{label}: {iv}"));
    }
    cx.uint(params, WEP_KEY, o + 3, 1, key_index);
    super::data::dissect(cx, data, o + 8, top);
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// ppa/3e80211_wpaauth.pcapng frame 8: radiotap, a QoS data frame from the AP carrying EAPOL-Key
    /// message 1 of the 4-way handshake, with an FCS.
    const EAPOL_MSG1: &str = "00001400ee18000010306c09c000ee9c4400005288022c00accf5c786c9c28c68eab961628c68eab\
        961620000000aaaa03000000888e0203005ffe008900200000000000000001c03d0f88f4d79265ea395370b28e\
        fc4ef67ba9f46b83eec7e414bfd57b349f53000000000000000000000000000000000000000000000000000000\
        000000000000000000000000000000000000000000000000000083fd060b";

    /// ppa/80211beacon.pcapng frame 1: a beacon with no radio header and no FCS (link type 105).
    const BEACON: &str = "80000000ffffffffffff0013460b22ba0013460b22ba805481a18516000000006400310400055445\
        534c41010882848b960c18304803010b0504000100002a010032041224606cdd0900037f0101000e0000dd0c00\
        037f020101000002a34000dd1a00037f03010000000013460b22ba0213460b22ba64002c010e08dd0600032f01\
        0001";

    /// ppa/3e80211_wpaauth.pcapng frame 12: a TKIP-protected data frame from the DS.
    const TKIP_DATA: &str = "00001400ee18000010166c09a000ed9c640000510842000033330000000228c68eab9616accf5c\
        786c9cd0010020016000000000435a51d08f7d731c3b9a88f6a1f97087d2200559c6bba1d9d5b53d8946ae5639\
        280621db071cc405467b21c2322619f061c528d4f7df93e3967ff918634c1a8377cf1213d223bb536377748317\
        2d282b";

    /// ppa/3e80211_wpaauth.pcapng frame 3: a probe response with WPA, WMM, HT (standard and
    /// Epigram's), Atheros and WPS elements.
    const PROBE_RESPONSE: &str = "00001400ee18000010026c09a000f19c6400005550003a01accf5c786c9c28c68eab961628c68eab9616c0017a8f6c03\
        0000000064003104000c44454e5645524f4646494345010882848b968c1298240301010706555320010b1bdd160050f2\
        0101000050f20201000050f20201000050f2022a01003204b048606cdd180050f2020101830003a4000027a400004243\
        5e0062322f00dd1e00904c334e111bff000000000000000000000000000000000000000000002d1a4e111bff00000000\
        000000000000000000000000000000000000dd1a00904c34010d08000000000000000000000000000000000000003d16\
        010d0800000000000000000000000000000000000000dd0900037f01010000ff7fdd0a00037f04010002004000dd8e00\
        50f204104a0001101044000102103b000103104700100000000000001000000028c68eab96161021000d4e6574676561\
        722c20496e632e10230009574e523130303076321024000456324831104200046e6f6e651054000800060050f2040001\
        1011001e574e523130303076322d564328576972656c6573732041502d322e344729100800020086103c0001036e0e7c\
        74";

    /// ppa/3e80211_wpaauth.pcapng frame 9: EAPOL-Key message 2, whose key data is a WPA element.
    const EAPOL_MSG2: &str = "00001400ee18000010026c09a000d69c6400003a88013a0128c68eab9616accf5c786c9c28c68eab961600000000aaaa\
        03000000888e01030079fe0109002000000000000000016ff740200102f7ebbf58029ceb1d58eac7561d58153a56294e\
        b43ad0d683b41f0000000000000000000000000000000000000000000000000000000000000000b419a2d2b1e1e70d77\
        26449d9e0b0ee9001add180050f20101000050f20201000050f20201000050f2020c000de8a0f4";

    #[test]
    fn probe_response_elements_as_tshark_shows_them() {
        let d = dissect(127, PROBE_RESPONSE);
        assert_eq!(
            d.info(),
            "Probe Response, SN=28, FN=0, Flags=........C, BI=100, SSID=\"DENVEROFFICE\""
        );
        assert_eq!(d.field("wps.device_name"), "WNR1000v2-VC(Wireless AP-2.4G)");
        assert_eq!(d.field("wps.config_methods"), "0x0086");
        assert_eq!(d.field("wlan.ht.capabilities"), "0x114e");
        assert_eq!(d.field("wlan.vs.ht.capabilities"), "0x114e");
        assert_eq!(d.field("wlan.atheros.ie.type"), "0x01,0x04");
    }

    #[test]
    fn eapol_key_data_is_elements() {
        let d = dissect(127, EAPOL_MSG2);
        assert_eq!(d.info(), "Key (Message 2 of 4)");
        assert_eq!(d.field("wlan_rsna_eapol.keydes.data_len"), "26");
        assert_eq!(d.field("wlan.tag.number"), "221");
        assert_eq!(d.field("wlan.wfa.ie.wpa.akms"), "5304834");
    }

    #[test]
    fn eapol_key_in_qos_data_as_tshark_shows_it() {
        let d = dissect(127, EAPOL_MSG1);
        assert_eq!(d.protocols(), "radiotap:wlan_radio:wlan:llc:eapol");
        assert_eq!(d.protocol(), "EAPOL");
        assert_eq!(d.info(), "Key (Message 1 of 4)");
        // Values tshark 4.0 prints with -T fields for this frame.
        assert_eq!(d.field("radiotap.present.word"), "0x000018ee");
        assert_eq!(d.field("radiotap.datarate"), "24");
        assert_eq!(d.field("radiotap.channel.freq"), "2412");
        assert_eq!(d.field("radiotap.dbm_antsignal"), "-18");
        assert_eq!(d.field("radiotap.quality"), "68");
        assert_eq!(d.field("wlan_radio.phy"), "6");
        assert_eq!(d.field("wlan_radio.duration"), "68");
        assert_eq!(d.field("wlan_radio.snr"), "82");
        assert_eq!(d.field("wlan.fc.type_subtype"), "0x0028");
        assert_eq!(d.field("wlan.fc.ds"), "0x02");
        assert_eq!(d.field("wlan.duration"), "44");
        assert_eq!(d.field("wlan.da"), "ac:cf:5c:78:6c:9c");
        assert_eq!(d.field("wlan.sa"), "28:c6:8e:ab:96:16");
        assert_eq!(d.field("wlan.bssid"), "28:c6:8e:ab:96:16");
        assert_eq!(d.field("wlan.staa"), "ac:cf:5c:78:6c:9c");
        assert_eq!(
            d.values("wlan.addr"),
            [
                "ac:cf:5c:78:6c:9c",
                "28:c6:8e:ab:96:16",
                "28:c6:8e:ab:96:16"
            ]
        );
        assert_eq!(d.field("wlan.seq"), "2");
        assert_eq!(d.field("wlan.fcs"), "0x0b06fd83");
        assert_eq!(d.field("wlan.qos.priority"), "0");
        assert_eq!(d.field("llc.type"), "0x888e");
        assert_eq!(d.field("eapol.version"), "2");
        assert_eq!(d.field("eapol.len"), "95");
        assert_eq!(d.field("eapol.keydes.type"), "254");
        assert_eq!(d.field("wlan_rsna_eapol.keydes.msgnr"), "1");
        assert_eq!(d.field("wlan_rsna_eapol.keydes.key_info"), "0x0089");
        assert_eq!(d.field("wlan_rsna_eapol.keydes.key_info.key_ack"), "1");
        assert_eq!(d.field("eapol.keydes.replay_counter"), "1");
        assert_eq!(
            d.field("wlan_rsna_eapol.keydes.nonce"),
            "c03d0f88f4d79265ea395370b28efc4ef67ba9f46b83eec7e414bfd57b349f53"
        );
    }

    #[test]
    fn beacon_without_radio_header() {
        let d = dissect(105, BEACON);
        assert_eq!(d.protocols(), "wlan");
        assert_eq!(d.protocol(), "802.11");
        assert_eq!(
            d.info(),
            "Beacon frame, SN=1352, FN=0, Flags=........, BI=100, SSID=\"TESLA\""
        );
        assert!(!d.has("wlan.fcs"));
        assert!(d.has("wlan.mgt"));
        assert_eq!(d.field("wlan.fixed.beacon"), "100");
        assert_eq!(d.field("wlan.fixed.capabilities"), "0x0431");
        assert_eq!(d.field("wlan.ssid"), "5445534c41");
        assert_eq!(
            d.field("wlan.supported_rates"),
            "0x82,0x84,0x8b,0x96,0x0c,0x18,0x30,0x48"
        );
        assert_eq!(d.field("wlan.ds.current_channel"), "11");
        assert_eq!(d.field("wlan.tim.dtim_period"), "1");
        assert_eq!(
            d.values("wlan.tag.number"),
            ["0", "1", "3", "5", "42", "50", "221", "221", "221", "221"]
        );
    }

    #[test]
    fn tkip_body_is_data() {
        let d = dissect(127, TKIP_DATA);
        assert_eq!(d.protocols(), "radiotap:wlan_radio:wlan:data");
        assert_eq!(d.info(), "Data, SN=29, FN=0, Flags=.p....F.C");
        assert_eq!(d.field("wlan.tkip.extiv"), "0x000000000001");
        assert_eq!(d.field("wlan.wep.key"), "1");
        assert_eq!(d.field("data.len"), "76");
        assert_eq!(d.field("wlan.da"), "33:33:00:00:00:02");
        assert_eq!(d.field("wlan.sa"), "ac:cf:5c:78:6c:9c");
    }

    /// A frame cut by the snapshot length: hex of its first `captured` bytes, `original` on the wire.
    fn cut(
        link_type: u32,
        hex: &str,
        captured: usize,
        original: u32,
    ) -> crate::testutil::Dissected {
        let whole = crate::testutil::hex(hex);
        let part: String = whole[..captured]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        crate::testutil::dissect_all(&[crate::testutil::Frame {
            link_type,
            hex: &part,
            original_len: Some(original),
        }])
        .pop()
        .expect("one frame")
    }

    /// Frames cut by the snapshot length (`editcap -s`), as tshark shows them: the FCS was not
    /// captured, the airtime counts the bytes sent, and the element or descriptor the capture stopped
    /// in is "Packet size limited during capture", not malformed.
    #[test]
    fn snapshot_length_cuts_as_tshark_shows_them() {
        let d = cut(105, BEACON, 70, 132);
        assert_eq!(
            d.info(),
            "Beacon frame, SN=1352, FN=0, Flags=........, BI=100, SSID=\"TESLA\"[Packet size limited during capture]"
        );
        assert_eq!(
            d.values("wlan.tag.number"),
            ["0", "1", "3", "5", "42", "50"]
        );
        assert!(d.has("_ws.short"));
        assert!(!d.has("_ws.malformed"));
        let d = cut(127, EAPOL_MSG1, 60, 157);
        assert_eq!(d.info(), "Key[Packet size limited during capture]");
        assert!(!d.has("wlan.fcs"));
        assert!(!d.has("eapol.keydes.type"));
        assert_eq!(d.field("eapol.len"), "95");
        assert_eq!(d.field("wlan_radio.duration"), "68");
        // Cut inside the radiotap header, the 802.11 header and the SNAP header.
        for (captured, protocol, info) in [
            (10, "WLAN", "Radiotap Capture v0, Length 20"),
            (30, "802.11", "QoS Data"),
            (50, "LLC", "U, func=UI"),
        ] {
            let d = cut(127, EAPOL_MSG1, captured, 157);
            assert_eq!(d.protocol(), protocol, "cut at {captured}");
            assert_eq!(
                d.info(),
                format!("{info}[Packet size limited during capture]"),
                "cut at {captured}"
            );
        }
    }

    /// Each frame with any one byte set to 0x00 or 0xff (lengths, counts, type bytes gone wrong)
    /// dissects without panicking.
    #[test]
    fn corrupted_frames_never_panic() {
        for (link, hex) in [
            (127, EAPOL_MSG1),
            (105, BEACON),
            (127, PROBE_RESPONSE),
            (127, EAPOL_MSG2),
        ] {
            let whole = crate::testutil::hex(hex);
            for at in 0..whole.len() {
                for v in [0x00, 0xff] {
                    let mut bytes = whole.clone();
                    bytes[at] = v;
                    let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                    let _ = dissect(link, &text);
                }
            }
        }
    }

    /// Every prefix of each frame dissects without panicking.
    #[test]
    fn cut_frames_never_panic() {
        for (link, hex) in [
            (127, EAPOL_MSG1),
            (105, BEACON),
            (127, TKIP_DATA),
            (127, PROBE_RESPONSE),
            (127, EAPOL_MSG2),
        ] {
            let whole = crate::testutil::hex(hex);
            for cut in 0..whole.len() {
                let part: String = whole[..cut].iter().map(|b| format!("{b:02x}")).collect();
                let _ = dissect(link, &part);
            }
        }
    }
}

//! DHCP and BOOTP (RFC 951, RFC 2131, RFC 2132 and the option RFCs after them; UDP ports 67 and 68): the
//! fixed BOOTP header, the options after the magic cookie (and those overloaded into the server name and
//! boot file fields, RFC 2132 9.3), with Wireshark's field names and tshark's labels and Info column.

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity, read};
use crate::protocols::arp::HARDWARE_TYPE_NAMES;

fields::declare_protocol! {
    proto DHCP = super::ids::DHCP, "Dynamic Host Configuration Protocol", "DHCP/BOOTP", "dhcp";
    BOOTP: "dhcp.bootp", "Frame is BOOTP", Boolean, Bits(0);
    TYPE: "dhcp.type", "Message type", UInt8, Dec, values BOOTP_OP_NAMES;
    HW_TYPE: "dhcp.hw.type", "Hardware type", UInt8, Hex, values HARDWARE_TYPE_NAMES;
    HW_LEN: "dhcp.hw.len", "Hardware address length", UInt8, Dec;
    HOPS: "dhcp.hops", "Hops", UInt8, Dec;
    ID: "dhcp.id", "Transaction ID", UInt32, Hex;
    SECS: "dhcp.secs", "Seconds elapsed", UInt16, Dec;
    FLAGS: "dhcp.flags", "Bootp flags", UInt16, Hex;
    FLAGS_BC: "dhcp.flags.bc", "Broadcast flag", Boolean, Bits(16), mask 0x8000, tf ("Broadcast", "Unicast");
    FLAGS_RESERVED: "dhcp.flags.reserved", "Reserved flags", UInt16, Hex, mask 0x7fff;
    IP_CLIENT: "dhcp.ip.client", "Client IP address", Ipv4, None;
    IP_YOUR: "dhcp.ip.your", "Your (client) IP address", Ipv4, None;
    IP_SERVER: "dhcp.ip.server", "Next server IP address", Ipv4, None;
    IP_RELAY: "dhcp.ip.relay", "Relay agent IP address", Ipv4, None;
    HW_ADDR: "dhcp.hw.addr", "Client hardware address", Bytes, None;
    HW_ADDR_PADDING: "dhcp.hw.addr_padding", "Client hardware address padding", Bytes, None;
    HW_MAC_ADDR: "dhcp.hw.mac_addr", "Client MAC address", Ether, None;
    SERVER: "dhcp.server", "Server host name", StringZ, None;
    FILE: "dhcp.file", "Boot file name", StringZ, None;
    COOKIE: "dhcp.cookie", "Magic cookie", Ipv4, None;
    VENDOR_SPECIFIC_OPTIONS: "dhcp.vendor_specific_options", "Bootp vendor specific options", Bytes, None;
    FQDN_S: "dhcp.fqdn.s", "Server", Boolean, Bits(8), mask 0x01, tf ("Server", "Client");
    FQDN_O: "dhcp.fqdn.o", "Server overrides", Boolean, Bits(8), mask 0x02, tf ("Override", "No override");
    FQDN_E: "dhcp.fqdn.e", "Encoding", Boolean, Bits(8), mask 0x04, tf ("Binary encoding", "ASCII encoding");
    FQDN_N: "dhcp.fqdn.n", "Server DDNS", Boolean, Bits(8), mask 0x08, tf ("No server updates", "Some server updates");
    FQDN_FLAGS: "dhcp.fqdn.flags", "Flags", UInt8, Hex;
    FQDN_MBZ: "dhcp.fqdn.mbz", "Reserved flags", UInt8, Hex, mask 0xf0;
    FQDN_RCODE1: "dhcp.fqdn.rcode1", "A-RR result", UInt8, Dec;
    FQDN_RCODE2: "dhcp.fqdn.rcode2", "PTR-RR result", UInt8, Dec;
    FQDN_NAME: "dhcp.fqdn.name", "Client name", String, None;
    CLIENT_ID_IAID: "dhcp.client_id.iaid", "IAID", String, None;
    CLIENT_ID_DUID_TYPE: "dhcp.client_id.duid_type", "DUID Type", UInt16, Dec, values DUID_TYPE_NAMES;
    CLIENT_ID_DUID_LLT_HW_TYPE: "dhcp.client_id.duid_llt_hw_type", "Hardware type", UInt16, Dec, values HARDWARE_TYPE_NAMES;
    CLIENT_ID_DUID_LL_HW_TYPE: "dhcp.client_id.duid_ll_hw_type", "Hardware type", UInt16, Dec, values HARDWARE_TYPE_NAMES;
    CLIENT_ID_TIME: "dhcp.client_id.time", "Time", UInt32, Dec;
    CLIENT_ID_LINK_LAYER_ADDRESS: "dhcp.client_id.link_layer_address", "Link layer address", String, None;
    CLIENT_ID_ENTERPRISE_NUM: "dhcp.client_id.enterprise_num", "Enterprise-number", UInt32, Custom;
    CLIENT_ID: "dhcp.client_id", "Identifier", Bytes, None;
    CLIENT_ID_TYPE: "dhcp.client_id.type", "Type", UInt8, Dec;
    CLIENT_ID_UNDEF: "dhcp.client_id.undef", "Client Identifier", String, None;
    OPTION_TYPE: "dhcp.option.type", "Option", UInt8, Dec;
    OPTION_LENGTH: "dhcp.option.length", "Length", UInt8, Dec;
    OPTION_SUBOPTION_LENGTH: "dhcp.option.suboption_length", "Length", UInt8, Dec;
    OPTION_VALUE: "dhcp.option.value", "Value", Bytes, None;
    OPTION_PADDING: "dhcp.option.padding", "Padding", Bytes, None;
    OPTION_END: "dhcp.option.end", "Option End", UInt8, Dec;
    SUBNET_MASK: "dhcp.option.subnet_mask", "Subnet Mask", Ipv4, None;
    TIME_OFFSET: "dhcp.option.time_offset", "Time Offset", Int32, Dec;
    ROUTER: "dhcp.option.router", "Router", Ipv4, None;
    TIME_SERVER: "dhcp.option.time_server", "Time Server", Ipv4, None;
    NAME_SERVER: "dhcp.option.name_server", "Name Server", Ipv4, None;
    DOMAIN_NAME_SERVER: "dhcp.option.domain_name_server", "Domain Name Server", Ipv4, None;
    LOG_SERVER: "dhcp.option.log_server", "Log Server", Ipv4, None;
    QUOTES_SERVER: "dhcp.option.quotes_server", "Quotes Server", Ipv4, None;
    LPR_SERVER: "dhcp.option.lpr_server", "LPR Server", Ipv4, None;
    IMPRESS_SERVER: "dhcp.option.impress_server", "Impress Server", Ipv4, None;
    RESOURCE_LOCATION_SERVER: "dhcp.option.resource_location_server", "Resource Location Server", Ipv4, None;
    HOSTNAME: "dhcp.option.hostname", "Host Name", StringZ, None;
    BOOT_FILE_SIZE: "dhcp.option.boot_file_size", "Boot File Size", UInt16, Dec;
    MERIT_DUMP_FILE: "dhcp.option.merit_dump_file", "Merit Dump File", StringZ, None;
    DOMAIN_NAME: "dhcp.option.domain_name", "Domain Name", StringZ, None;
    SWAP_SERVER: "dhcp.option.swap_server", "Swap Server", Ipv4, None;
    ROOT_PATH: "dhcp.option.root_path", "Root Path", StringZ, None;
    EXTENSION_PATH: "dhcp.option.extension_path", "Extensions Path", StringZ, None;
    IP_FORWARDING: "dhcp.option.ip_forwarding", "IP Forwarding", Boolean, Bits(0), tf ("Enabled", "Disabled");
    POLICY_FILTER_IP: "dhcp.option.policy_filter.ip", "IP Address", Ipv4, None;
    POLICY_FILTER_SUBNET_MASK: "dhcp.option.policy_filter.subnet_mask", "Subnet Mask", Ipv4, None;
    NON_LOCAL_SOURCE_ROUTING: "dhcp.option.non_local_source_routing", "Non-Local Source Routing", Boolean, Bits(0), tf ("Enabled", "Disabled");
    MAX_DATAGRAM_REASSEMBLY_SIZE: "dhcp.option.max_datagram_reassembly_size", "Maximum Datagram Reassembly Size", UInt16, Dec;
    DEFAULT_IP_TTL: "dhcp.option.default_ip_ttl", "Default IP Time-to-Live", UInt8, Dec;
    PATH_MTU_AGING_TIMEOUT: "dhcp.option.path_mtu_aging_timeout", "Path MTU Aging Timeout", UInt32, Dec;
    PATH_MTU_PLATEAU_TABLE_ITEM: "dhcp.option.path_mtu_plateau_table_item", "Path MTU Plateau Table Item", UInt16, Dec;
    INTERFACE_MTU: "dhcp.option.interface_mtu", "Interface MTU", UInt16, Dec;
    ALL_SUBNETS_ARE_LOCAL: "dhcp.option.all_subnets_are_local", "All Subnets are Local", Boolean, Bits(0), tf ("Yes", "No");
    BROADCAST_ADDRESS: "dhcp.option.broadcast_address", "Broadcast Address", Ipv4, None;
    PERFORM_MASK_DISCOVERY: "dhcp.option.perform_mask_discovery", "Perform Mask Discovery", Boolean, Bits(0), tf ("Enabled", "Disabled");
    MASK_SUPPLIER: "dhcp.option.mask_supplier", "Mask Supplier", Boolean, Bits(0), tf ("Yes", "No");
    PERFORM_ROUTER_DISCOVER: "dhcp.option.perform_router_discover", "Perform Router Discover", Boolean, Bits(0), tf ("Enabled", "Disabled");
    ROUTER_SOLICITATION_ADDRESS: "dhcp.option.router_solicitation_address", "Router Solicitation Address", Ipv4, None;
    STATIC_ROUTE_IP: "dhcp.option.static_route.ip", "Destination IP Address", Ipv4, None;
    STATIC_ROUTE_ROUTER: "dhcp.option.static_route.router", "Destination Router", Ipv4, None;
    TRAILER_ENCAPSULATION: "dhcp.option.trailer_encapsulation", "Trailer Encapsulation", Boolean, Bits(0), tf ("Enabled", "Disabled");
    ARP_CACHE_TIMEOUT: "dhcp.option.arp_cache_timeout", "ARP Cache Timeout", UInt32, Dec;
    ETHERNET_ENCAPSULATION: "dhcp.option.ethernet_encapsulation", "Ethernet Encapsulation", Boolean, Bits(0), tf ("Enabled", "Disabled");
    TCP_DEFAULT_TTL: "dhcp.option.tcp_default_ttl", "TCP Default TTL", UInt8, Dec;
    TCP_KEEPALIVE_INTERVAL: "dhcp.option.tcp_keepalive_interval", "TCP Keepalive Interval", UInt32, Dec;
    TCP_KEEPALIVE_GARBAGE: "dhcp.option.tcp_keepalive_garbage", "TCP Keepalive Garbage", Boolean, Bits(0), tf ("Enabled", "Disabled");
    NIS_DOMAIN: "dhcp.option.nis_domain", "Network Information Service Domain", StringZ, None;
    NIS_SERVER: "dhcp.option.nis_server", "Network Information Service Server", Ipv4, None;
    NTP_SERVER: "dhcp.option.ntp_server", "Network Time Protocol Server", Ipv4, None;
    VENDOR_VALUE: "dhcp.option.vendor.value", "Value", Bytes, None;
    ARUBA_AP_CONTROLLER_IP: "dhcp.option.vendor.arubaap.controllerip", "Aruba Controller IP", String, None;
    ARUBA_IAP: "dhcp.option.vendor.arubaiap", "Aruba Instant AP", String, None;
    ARUBA_IAP_NAME_ORG: "dhcp.option.vendor.arubaiap.name_org", "Name Organisation", String, None;
    ARUBA_IAP_AMP_IP: "dhcp.option.vendor.arubaiap.amp_ip", "AMP IP Address", String, None;
    ARUBA_IAP_PASSWORD: "dhcp.option.vendor.arubaiap.password", "Password", String, None;
    NETBIOS_NAME_SERVER: "dhcp.option.netbios_over_tcpip_name_server", "NetBIOS over TCP/IP Name Server", Ipv4, None;
    NETBIOS_DD_NAME_SERVER: "dhcp.option.netbios_over_tcpip_dd_name_server", "NetBIOS over TCP/IP Datagram Distribution Name Server", Ipv4, None;
    NETBIOS_NODE_TYPE: "dhcp.option.netbios_over_tcpip_node_type", "NetBIOS over TCP/IP Node Type", UInt8, Dec, values NODE_TYPE_NAMES;
    NETBIOS_SCOPE: "dhcp.option.netbios_over_tcpip_scope", "NetBIOS over TCP/IP Scope", StringZ, None;
    XWINDOWS_FONT_SERVER: "dhcp.option.xwindows_system_font_server", "X Window System Font Server", Ipv4, None;
    XWINDOWS_DISPLAY_MANAGER: "dhcp.option.xwindows_system_display_manager", "X Window System Display Manager", Ipv4, None;
    REQUESTED_IP_ADDRESS: "dhcp.option.requested_ip_address", "Requested IP Address", Ipv4, None;
    IP_ADDRESS_LEASE_TIME: "dhcp.option.ip_address_lease_time", "IP Address Lease Time", UInt32, Dec;
    OPTION_OVERLOAD: "dhcp.option.option_overload", "Option Overload", UInt8, Dec, values OVERLOAD_NAMES;
    OPTION_DHCP: "dhcp.option.dhcp", "DHCP", UInt8, Dec, values MESSAGE_TYPE_NAMES;
    DHCP_SERVER_ID: "dhcp.option.dhcp_server_id", "DHCP Server Identifier", Ipv4, None;
    REQUEST_LIST_ITEM: "dhcp.option.request_list_item", "Parameter Request List Item", UInt8, Dec;
    MESSAGE: "dhcp.option.message", "Message", StringZ, None;
    DHCP_MAX_MESSAGE_SIZE: "dhcp.option.dhcp_max_message_size", "Maximum DHCP Message Size", UInt16, Dec;
    RENEWAL_TIME_VALUE: "dhcp.option.renewal_time_value", "Renewal Time Value", UInt32, Dec;
    REBINDING_TIME_VALUE: "dhcp.option.rebinding_time_value", "Rebinding Time Value", UInt32, Dec;
    VENDOR_CLASS_ID: "dhcp.option.vendor_class_id", "Vendor class identifier", StringZ, None;
    NIS_PLUS_DOMAIN: "dhcp.option.nis_plus_domain", "Network Information Service+ Domain", StringZ, None;
    NIS_PLUS_SERVER: "dhcp.option.nis_plus_server", "Network Information Service+ Server", Ipv4, None;
    TFTP_SERVER_NAME: "dhcp.option.tftp_server_name", "TFTP Server Name", StringZ, None;
    BOOTFILE_NAME: "dhcp.option.bootfile_name", "Bootfile name", StringZ, None;
    MOBILE_IP_HOME_AGENT: "dhcp.option.mobile_ip_home_agent", "Mobile IP Home Agent", Ipv4, None;
    SMTP_SERVER: "dhcp.option.smtp_server", "SMTP Server", Ipv4, None;
    POP3_SERVER: "dhcp.option.pop3_server", "POP3 Server", Ipv4, None;
    NNTP_SERVER: "dhcp.option.nntp_server", "NNTP Server", Ipv4, None;
    DEFAULT_WWW_SERVER: "dhcp.option.default_www_server", "Default WWW Server", Ipv4, None;
    DEFAULT_FINGER_SERVER: "dhcp.option.default_finger_server", "Default Finger Server", Ipv4, None;
    DEFAULT_IRC_SERVER: "dhcp.option.default_irc_server", "Default IRC Server", Ipv4, None;
    STREETTALK_SERVER: "dhcp.option.streettalk_server", "StreetTalk Server", Ipv4, None;
    STREETTALK_DA_SERVER: "dhcp.option.streettalk_da_server", "StreetTalk Directory Assistance Server", Ipv4, None;
    USER_CLASS: "dhcp.option.user_class", "Instance of User Class", UInt8, Dec;
    USER_CLASS_LENGTH: "dhcp.option.user_class.length", "User Class Length", UInt8, Dec;
    USER_CLASS_DATA: "dhcp.option.user_class.data", "User Class Data", Bytes, None;
    USER_CLASS_TEXT: "dhcp.option.user_class.text", "User Class Data (Text)", String, None;
    AGENT_SUBOPTION: "dhcp.option.agent_information_option.suboption", "Option 82 Suboption", UInt8, Dec, values AGENT_SUBOPTION_NAMES;
    AGENT_VALUE: "dhcp.option.agent_information_option.value", "Value", Bytes, None;
    AGENT_CIRCUIT_ID: "dhcp.option.agent_information_option.agent_circuit_id", "Agent Circuit ID", Bytes, None;
    AGENT_REMOTE_ID: "dhcp.option.agent_information_option.agent_remote_id", "Agent Remote ID", Bytes, None;
    AGENT_LINK_SELECTION: "dhcp.option.agent_information_option.link_selection", "Link selection", Ipv4, None;
    AGENT_SUBSCRIBER_ID: "dhcp.option.agent_information_option.subscriber_id", "Subscriber ID", StringZ, None;
    AGENT_SERVER_ID_OVERRIDE: "dhcp.option.agent_information_option.server_id_override", "Server ID Override", Ipv4, None;
    AGENT_RELAY_AGENT_ID: "dhcp.option.agent_information_option.relay_agent_id", "Relay Agent Identifier", Bytes, None;
    AGENT_LINK_SELECTION_CISCO: "dhcp.option.agent_information_option.link_selection_cisco", "Link selection (Cisco proprietary)", Ipv4, None;
    AGENT_SERVER_ID_OVERRIDE_CISCO: "dhcp.option.agent_information_option.server_id_override_cisco", "Server ID Override (Cisco proprietary)", Ipv4, None;
    CLIENT_LAST_TRANSACTION_TIME: "dhcp.option.client_last_transaction_time", "Client last transaction time", UInt32, Dec;
    ASSOCIATED_IP_OPTION: "dhcp.option.associated_ip_option", "Associated IP option", Ipv4, None;
    CLIENT_SYSTEM_ARCHITECTURE: "dhcp.option.client_system_architecture", "Client System Architecture", UInt16, Dec, values CLIENT_ARCH_NAMES;
    TZ_PCODE: "dhcp.option.tz_pcode", "TZ PCode", String, None;
    TZ_TCODE: "dhcp.option.tz_tcode", "TZ TCode", String, None;
    NETINFO_PARENT_SERVER_ADDRESS: "dhcp.option.netinfo_parent_server_address", "NetInfo Parent Server Address", Ipv4, None;
    NETINFO_PARENT_SERVER_TAG: "dhcp.option.netinfo_parent_server_tag", "NetInfo Parent Server Tag", StringZ, None;
    DHCP_AUTO_CONFIGURATION: "dhcp.option.dhcp_auto_configuration", "DHCP Auto-Configuration", UInt8, Dec, values AUTO_CONFIG_NAMES;
    DOMAIN_SEARCH_FQDN: "dhcp.option.dhcp_dns_domain_search_list_fqdn", "FQDN", StringZ, None;
    CLASSLESS_STATIC_ROUTE: "dhcp.option.classless_static_route", "Subnet/MaskWidth-Router", Bytes, None;
    SUBNET_SELECTION_OPTION: "dhcp.option.subnet_selection_option", "Subnet Selection Option", Ipv4, None;
    PANA_AGENT: "dhcp.option.pana_agent", "PAA IPv4 Address", Ipv4, None;
    LOST_SERVER_DOMAIN_NAME: "dhcp.option.lost_server_domain_name", "LoST Server Domain Name", StringZ, None;
    CAPWAP_ACCESS_CONTROLLER: "dhcp.option.capwap_access_controller", "CAPWAP Access Controllers", Ipv4, None;
    ANDSF_SERVER: "dhcp.option.andsf_server", "ANDSF Server", Ipv4, None;
    FORCERENEW_NONCE_ALGORITHM: "dhcp.option.forcerenew_nonce.algorithm", "Algorithm", UInt8, Dec, values FORCERENEW_ALG_NAMES;
    TFTP_SERVER_ADDRESS: "dhcp.option.tftp_server_address", "TFTP Server Address", Ipv4, None;
    MUDURL: "dhcp.option.mudurl", "MUDURL", String, None;
    PXE_CONFIG_FILE: "dhcp.option.pxe_config_file", "PXELINUX configuration file", String, None;
    PXE_PATH_PREFIX: "dhcp.option.pxe_path_prefix", "PXELINUX path prefix", String, None;
    CAPTIVE_PORTAL: "dhcp.option.captive_portal", "Captive Portal", String, None;
    PRIVATE_PROXY_AUTODISCOVERY: "dhcp.option.private_proxy_autodiscovery", "Private/Proxy autodiscovery", StringZ, None;
    NOVELL_DSS_IP: "dhcp.option.novell_dss.ip", "IP Address", Ipv4, None;
    NOVELL_DS_TREE_NAME: "dhcp.option.novell_ds_tree_name", "Novell Directory Services Tree Name", StringZ, None;
    NOVELL_DS_CONTEXT: "dhcp.option.novell_ds_context", "Novell Directory Services Context", StringZ, None;
    BAD_LENGTH: "dhcp.bad_length", "length isn't 0", None, None;
    END_OPTION_MISSING: "dhcp.end_option_missing", "End option missing", None, None;
    SERVER_NAME_OVERLOADED: "dhcp.server_name_overloaded_by_dhcp", "Server name option overloaded by DHCP", None, None;
    BOOT_FILENAME_OVERLOADED: "dhcp.boot_filename_overloaded_by_dhcp", "Boot file name option overloaded by DHCP", None, None;
    CLIENT_ADDRESS_NOT_GIVEN: "dhcp.client_address_not_given", "Client address not given", None, None;
    CLASSLESS_STATIC_ROUTE_BAD: "dhcp.option.classless_static.route", "Mask width > 32", None, None;
    NONSTD_DATA: "dhcp.option.nonstd_data", "Non standard compliant option data", None, None;
}

/// The magic cookie that starts DHCP options (RFC 2131 3): 99.130.83.99.
const MAGIC_COOKIE: [u8; 4] = [99, 130, 83, 99];
/// The fixed BOOTP header before the cookie.
const FIXED_LEN: usize = 236;
const SNAME_AT: usize = 44;
const FILE_AT: usize = 108;

/// How an option's value is read: the typed field it fills and the length it must have.
#[derive(Clone, Copy)]
enum Kind {
    /// One IPv4 address (exactly 4 bytes), also shown in the option's label.
    Ip(FieldId),
    /// IPv4 addresses (a multiple of 4 bytes).
    IpList(FieldId),
    /// Text up to the first NUL.
    Str(FieldId),
    /// Seconds, shown as a duration (4 bytes; signed for the time offset).
    Time(FieldId),
    SignedTime(FieldId),
    U8(FieldId),
    U16(FieldId),
    Bool(FieldId),
    U16List(FieldId),
    /// Address pairs (a multiple of 8 bytes).
    IpPairs(FieldId, FieldId),
    /// Options with a structure of their own.
    Special,
    /// No interpretation: the value bytes are shown.
    Opaque,
}

fn kind(code: u8) -> Kind {
    use Kind::*;
    match code {
        1 => Ip(SUBNET_MASK),
        2 => SignedTime(TIME_OFFSET),
        3 => IpList(ROUTER),
        4 => IpList(TIME_SERVER),
        5 => IpList(NAME_SERVER),
        6 => IpList(DOMAIN_NAME_SERVER),
        7 => IpList(LOG_SERVER),
        8 => IpList(QUOTES_SERVER),
        9 => IpList(LPR_SERVER),
        10 => IpList(IMPRESS_SERVER),
        11 => IpList(RESOURCE_LOCATION_SERVER),
        12 => Str(HOSTNAME),
        13 => U16(BOOT_FILE_SIZE),
        14 => Str(MERIT_DUMP_FILE),
        15 => Str(DOMAIN_NAME),
        16 => Ip(SWAP_SERVER),
        17 => Str(ROOT_PATH),
        18 => Str(EXTENSION_PATH),
        19 => Bool(IP_FORWARDING),
        20 => Bool(NON_LOCAL_SOURCE_ROUTING),
        21 => IpPairs(POLICY_FILTER_IP, POLICY_FILTER_SUBNET_MASK),
        22 => U16(MAX_DATAGRAM_REASSEMBLY_SIZE),
        23 => U8(DEFAULT_IP_TTL),
        24 => Time(PATH_MTU_AGING_TIMEOUT),
        25 => U16List(PATH_MTU_PLATEAU_TABLE_ITEM),
        26 => U16(INTERFACE_MTU),
        27 => Bool(ALL_SUBNETS_ARE_LOCAL),
        28 => Ip(BROADCAST_ADDRESS),
        29 => Bool(PERFORM_MASK_DISCOVERY),
        30 => Bool(MASK_SUPPLIER),
        31 => Bool(PERFORM_ROUTER_DISCOVER),
        32 => Ip(ROUTER_SOLICITATION_ADDRESS),
        33 => IpPairs(STATIC_ROUTE_IP, STATIC_ROUTE_ROUTER),
        34 => Bool(TRAILER_ENCAPSULATION),
        35 => Time(ARP_CACHE_TIMEOUT),
        36 => Bool(ETHERNET_ENCAPSULATION),
        37 => U8(TCP_DEFAULT_TTL),
        38 => Time(TCP_KEEPALIVE_INTERVAL),
        39 => Bool(TCP_KEEPALIVE_GARBAGE),
        40 => Str(NIS_DOMAIN),
        41 => IpList(NIS_SERVER),
        42 => IpList(NTP_SERVER),
        44 => IpList(NETBIOS_NAME_SERVER),
        45 => IpList(NETBIOS_DD_NAME_SERVER),
        46 => U8(NETBIOS_NODE_TYPE),
        47 => Str(NETBIOS_SCOPE),
        48 => IpList(XWINDOWS_FONT_SERVER),
        49 => IpList(XWINDOWS_DISPLAY_MANAGER),
        50 => Ip(REQUESTED_IP_ADDRESS),
        51 => Time(IP_ADDRESS_LEASE_TIME),
        54 => Ip(DHCP_SERVER_ID),
        56 => Str(MESSAGE),
        57 => U16(DHCP_MAX_MESSAGE_SIZE),
        58 => Time(RENEWAL_TIME_VALUE),
        59 => Time(REBINDING_TIME_VALUE),
        60 => Str(VENDOR_CLASS_ID),
        64 => Str(NIS_PLUS_DOMAIN),
        65 => IpList(NIS_PLUS_SERVER),
        66 => Str(TFTP_SERVER_NAME),
        67 => Str(BOOTFILE_NAME),
        68 => IpList(MOBILE_IP_HOME_AGENT),
        69 => IpList(SMTP_SERVER),
        70 => IpList(POP3_SERVER),
        71 => IpList(NNTP_SERVER),
        72 => IpList(DEFAULT_WWW_SERVER),
        73 => IpList(DEFAULT_FINGER_SERVER),
        74 => IpList(DEFAULT_IRC_SERVER),
        75 => IpList(STREETTALK_SERVER),
        76 => IpList(STREETTALK_DA_SERVER),
        85 => IpList(NOVELL_DSS_IP),
        86 => Str(NOVELL_DS_TREE_NAME),
        87 => Str(NOVELL_DS_CONTEXT),
        91 => Time(CLIENT_LAST_TRANSACTION_TIME),
        92 => IpList(ASSOCIATED_IP_OPTION),
        93 => U16List(CLIENT_SYSTEM_ARCHITECTURE),
        100 => Str(TZ_PCODE),
        101 => Str(TZ_TCODE),
        112 => IpList(NETINFO_PARENT_SERVER_ADDRESS),
        113 => Str(NETINFO_PARENT_SERVER_TAG),
        114 | 160 => Str(CAPTIVE_PORTAL),
        116 => U8(DHCP_AUTO_CONFIGURATION),
        118 => IpList(SUBNET_SELECTION_OPTION),
        136 => IpList(PANA_AGENT),
        137 => Str(LOST_SERVER_DOMAIN_NAME),
        138 => IpList(CAPWAP_ACCESS_CONTROLLER),
        142 => IpList(ANDSF_SERVER),
        150 => IpList(TFTP_SERVER_ADDRESS),
        161 => Str(MUDURL),
        209 => Str(PXE_CONFIG_FILE),
        210 => Str(PXE_PATH_PREFIX),
        252 => Str(PRIVATE_PROXY_AUTODISCOVERY),
        43 | 52 | 53 | 55 | 61 | 77 | 81 | 82 | 119 | 121 | 145 => Special,
        _ => Opaque,
    }
}

/// The length rule of a kind, and tshark's words when a value breaks it.
fn length_check(kind: Kind, len: usize) -> Result<(), &'static str> {
    use Kind::*;
    let ok = |c: bool, msg| if c { Ok(()) } else { Err(msg) };
    match kind {
        Ip(_) | Time(_) | SignedTime(_) => ok(len == 4, "length isn't 4"),
        IpList(_) => ok(len.is_multiple_of(4), "Option length isn't a multiple of 4"),
        U8(_) | Bool(_) => ok(len == 1, "length isn't 1"),
        U16(_) => ok(len == 2, "length isn't 2"),
        U16List(_) => ok(len.is_multiple_of(2), "Option length isn't a multiple of 2"),
        IpPairs(..) => ok(len.is_multiple_of(8), "Option length isn't a multiple of 8"),
        Str(_) | Special | Opaque => Ok(()),
    }
}

/// What the options say about the message as a whole, found before the header is shown (Wireshark
/// scans for them first too: the protocol's label and the header's name fields depend on them). A
/// repeated message type option counts by its last occurrence, as in Wireshark.
#[derive(Default, Clone, Copy)]
struct Scan {
    message_type: Option<u8>,
    overload: u8,
    /// Where the first vendor class identifier (option 60) is, and its length: it says how to read
    /// option 43, before or after it.
    vendor_class: Option<(usize, usize)>,
}

fn scan(data: &[u8], mut o: usize, end: usize) -> Scan {
    let mut s = Scan::default();
    while o < end {
        match data[o] {
            0 => o += 1,
            255 => break,
            code => {
                let Some(len) = data.get(o + 1).map(|&l| l as usize) else {
                    break;
                };
                if o + 2 + len > end {
                    break;
                }
                match (code, len) {
                    (53, 1..) => s.message_type = Some(data[o + 2]),
                    (52, 1..) if (1..=3).contains(&data[o + 2]) => s.overload = data[o + 2],
                    (60, 1..) if s.vendor_class.is_none() => s.vendor_class = Some((o + 2, len)),
                    _ => {}
                }
                o += 2 + len;
            }
        }
    }
    s
}

/// DHCP or BOOTP in a UDP datagram. Covers the whole payload.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "dhcp", "BOOTP", offset, avail);
    let b = &data[offset..];
    let magic = b.get(FIXED_LEN..FIXED_LEN + 4) == Some(&MAGIC_COOKIE[..]);
    let found = if magic {
        scan(b, FIXED_LEN + 4, b.len())
    } else {
        Scan::default()
    };
    let op = b.first().copied().unwrap_or(0);
    let xid = read::be32(b, 4).unwrap_or(0);
    if let Some(t) = found.message_type {
        cx.set_protocol("DHCP");
        let name = fields::Strings::Values(MESSAGE_TYPE_NAMES)
            .name_of(t as u64)
            .unwrap_or("Unknown Message Type");
        cx.set_info(format_args!("DHCP {name:<8} - Transaction ID 0x{xid:x}"));
        if top.is_stored() {
            cx.tree.set_label(
                top,
                format_args!("Dynamic Host Configuration Protocol ({name})"),
            );
        }
    } else if cx.tree.wants_columns() {
        let what = if op == 2 { "Reply" } else { "Request" };
        match (b.get(1), b.get(2), read::array::<6>(b, 28)) {
            (Some(1), Some(6), Some(mac)) => {
                let mac = crate::protocols::Mac(mac);
                cx.set_info(format_args!("Boot {what} from {mac} ({mac})"));
            }
            _ => cx.set_info(format_args!("Boot {what}")),
        }
    }
    if b.len() < FIXED_LEN {
        header(cx, b, offset, top, found);
        cx.cut_short(offset + b.len(), data.len(), "DHCP/BOOTP");
        return avail;
    }
    header(cx, b, offset, top, found);
    if !magic {
        // Plain BOOTP (RFC 951): a 64-byte vendor area follows the header.
        cx.hidden(top, BOOTP, offset, 0, Value::UInt(1));
        if b.len() >= FIXED_LEN + 64 {
            cx.tree.add(
                top,
                VENDOR_SPECIFIC_OPTIONS,
                offset + FIXED_LEN,
                64,
                Value::Bytes,
            );
        } else if b.len() > FIXED_LEN {
            cx.cut_short(offset + FIXED_LEN, data.len(), "DHCP/BOOTP");
        }
        return avail;
    }
    let ci = cx.tree.add(
        top,
        COOKIE,
        offset + FIXED_LEN,
        4,
        Value::Ipv4(MAGIC_COOKIE),
    );
    if ci.is_stored() {
        cx.tree.set_label(ci, format_args!("Magic cookie: DHCP"));
    }
    let mut opts = Options {
        base: offset,
        depth: 0,
        vendor_class: found.vendor_class,
        stopped: false,
    };
    let ended = opts.run(cx, b, FIXED_LEN + 4, b.len(), top);
    if ended == Ended::Missing {
        cx.expert(
            top,
            END_OPTION_MISSING,
            Severity::Error,
            Group::Protocol,
            format_args!("End option missing"),
        );
    }
    avail
}

/// The fixed header, as far as `b` holds it.
fn header(cx: &mut Cx, b: &[u8], base: usize, top: ItemIdx, found: Scan) {
    let u8_at = |o: usize| b.get(o).copied();
    let Some(op) = u8_at(0) else { return };
    cx.uint(top, TYPE, base, 1, op as u64);
    let Some(htype) = u8_at(1) else { return };
    cx.uint(top, HW_TYPE, base + 1, 1, htype as u64);
    let Some(hlen) = u8_at(2) else { return };
    cx.uint(top, HW_LEN, base + 2, 1, hlen as u64);
    let Some(hops) = u8_at(3) else { return };
    cx.uint(top, HOPS, base + 3, 1, hops as u64);
    let Some(xid) = read::be32(b, 4) else { return };
    cx.uint(top, ID, base + 4, 4, xid as u64);
    let Some(secs) = read::be16(b, 8) else { return };
    cx.uint(top, SECS, base + 8, 2, secs as u64);
    let Some(flags) = read::be16(b, 10) else {
        return;
    };
    let fi = cx.uint(top, FLAGS, base + 10, 2, flags as u64);
    if fi.is_stored() {
        if flags & 0x8000 != 0 {
            cx.tree.set_label(
                fi,
                format_args!("Bootp flags: 0x{flags:04x}, Broadcast flag (Broadcast)"),
            );
        } else {
            cx.tree
                .set_label(fi, format_args!("Bootp flags: 0x{flags:04x} (Unicast)"));
        }
    }
    cx.bits(fi, FLAGS_BC, base + 10, 2, flags as u64);
    cx.bits(fi, FLAGS_RESERVED, base + 10, 2, flags as u64);
    for (i, field) in [IP_CLIENT, IP_YOUR, IP_SERVER, IP_RELAY]
        .into_iter()
        .enumerate()
    {
        let Some(a) = read::array::<4>(b, 12 + 4 * i) else {
            return;
        };
        cx.tree
            .add(top, field, base + 12 + 4 * i, 4, Value::Ipv4(a));
    }
    let Some(chaddr) = b.get(28..44) else { return };
    let hlen = hlen as usize;
    if htype == 1 && hlen == 6 {
        let mac: [u8; 6] = chaddr[..6].try_into().unwrap_or_default();
        cx.tree
            .add(top, HW_MAC_ADDR, base + 28, 6, Value::Ether(mac));
        cx.tree
            .add(top, HW_ADDR_PADDING, base + 34, 10, Value::Bytes);
    } else if hlen == 0 {
        let t = cx.text_item(top, base + 28, 16, format_args!("Client address not given"));
        cx.expert(
            t,
            CLIENT_ADDRESS_NOT_GIVEN,
            Severity::Note,
            Group::Protocol,
            format_args!("Client address not given"),
        );
    } else {
        let shown = hlen.min(16);
        let ai = cx.tree.add(top, HW_ADDR, base + 28, 16, Value::Bytes);
        if ai.is_stored() {
            let mut hex = String::new();
            fields::format::write_hex(&chaddr[..shown], &mut hex);
            cx.tree
                .set_label(ai, format_args!("Client hardware address: {hex}"));
        }
        if shown < 16 {
            cx.tree.add(
                top,
                HW_ADDR_PADDING,
                base + 28 + shown,
                16 - shown,
                Value::Bytes,
            );
        }
    }
    name_field(
        cx,
        b,
        base,
        top,
        SNAME_AT,
        64,
        found.overload & 2 != 0,
        true,
    );
    name_field(
        cx,
        b,
        base,
        top,
        FILE_AT,
        128,
        found.overload & 1 != 0,
        false,
    );
}

/// The server host name or boot file name field: text, "not given", or overloaded with options.
#[allow(clippy::too_many_arguments)]
fn name_field(
    cx: &mut Cx,
    b: &[u8],
    base: usize,
    top: ItemIdx,
    at: usize,
    len: usize,
    overloaded: bool,
    server: bool,
) {
    let Some(bytes) = b.get(at..at + len) else {
        return;
    };
    let (field, what, overload_field, overload_text) = if server {
        (
            SERVER,
            "Server host name",
            SERVER_NAME_OVERLOADED,
            "Server name option overloaded by DHCP",
        )
    } else {
        (
            FILE,
            "Boot file name",
            BOOT_FILENAME_OVERLOADED,
            "Boot file name option overloaded by DHCP",
        )
    };
    if overloaded {
        let t = cx.text_item(top, base + at, len, format_args!("{overload_text}"));
        cx.expert(
            t,
            overload_field,
            Severity::Note,
            Group::Protocol,
            format_args!("{overload_text}"),
        );
        return;
    }
    let it = cx.tree.add(top, field, base + at, len, Value::Str);
    if it.is_stored() && bytes[0] == 0 {
        cx.tree.set_label(it, format_args!("{what} not given"));
    }
}

/// An Aruba Instant AP's vendor-specific information at `at`: "name-and-organisation,AirWave
/// address,password". Each part runs to the next comma; without any comma each is the whole value, as
/// in Wireshark, whose search for a missing comma starts the part at the value's start. False when
/// only the first comma is there: the address's length is then negative, which Wireshark reports as a
/// malformed packet, ending the dissection.
fn aruba_instant_ap(cx: &mut Cx, val: &[u8], at: usize, parent: ItemIdx) -> bool {
    let it = cx.tree.add(parent, ARUBA_IAP, at, val.len(), Value::Str);
    let comma_from = |from: usize| {
        val.get(from..)
            .and_then(|rest| rest.iter().position(|&c| c == b','))
            .map(|p| from + p)
    };
    let first = comma_from(0);
    cx.tree.add(
        it,
        ARUBA_IAP_NAME_ORG,
        at,
        first.unwrap_or(val.len()),
        Value::Str,
    );
    let amp_from = first.map_or(0, |p| p + 1);
    let (amp, password) = match (first, comma_from(amp_from)) {
        (_, Some(second)) => (amp_from..second, second + 1..val.len()),
        (None, None) => (0..val.len(), 0..val.len()),
        (Some(_), None) => {
            cx.malformed(at, "DHCP/BOOTP");
            return false;
        }
    };
    cx.tree
        .add(it, ARUBA_IAP_AMP_IP, at + amp.start, amp.len(), Value::Str);
    cx.tree.add(
        it,
        ARUBA_IAP_PASSWORD,
        at + password.start,
        password.len(),
        Value::Str,
    );
    true
}

#[derive(PartialEq, Eq)]
enum Ended {
    End,
    Missing,
    Malformed,
}

/// Dissects option lists: the main one after the cookie and those overloaded into the header.
struct Options {
    /// Where the DHCP payload starts in the dissector's data.
    base: usize,
    depth: u8,
    /// The message's vendor class identifier ([`Scan::vendor_class`]).
    vendor_class: Option<(usize, usize)>,
    /// An option's value was malformed in a way that ends the dissection (Wireshark's exception).
    stopped: bool,
}

impl Options {
    /// Options in `b[start..end]` under `parent`.
    fn run(&mut self, cx: &mut Cx, b: &[u8], start: usize, end: usize, parent: ItemIdx) -> Ended {
        let base = self.base;
        let mut o = start;
        while o < end {
            let code = b[o];
            if code == 0 {
                let run = b[o..end].iter().take_while(|&&x| x == 0).count();
                let it = cx.uint(parent, OPTION_TYPE, base + o, 1, 0);
                if it.is_stored() {
                    cx.tree.set_label(it, format_args!("Option: (0) Padding"));
                }
                cx.tree.add(it, OPTION_PADDING, base + o, run, Value::Bytes);
                o += run;
                continue;
            }
            if code == 255 {
                // Wireshark gives the End option's item the value 0.
                let it = cx.uint(parent, OPTION_TYPE, base + o, 1, 0);
                if it.is_stored() {
                    cx.tree.set_label(it, format_args!("Option: (255) End"));
                }
                cx.uint(it, OPTION_END, base + o, 1, 255);
                // Only the main list shows what follows its End; the header's fields are NUL-filled.
                if o + 1 < end && self.depth == 0 {
                    cx.tree.add(
                        parent,
                        OPTION_PADDING,
                        base + o + 1,
                        end - o - 1,
                        Value::Bytes,
                    );
                }
                return Ended::End;
            }
            let name = OPTION_NAMES[code as usize];
            let Some(len) = b.get(o + 1).map(|&l| l as usize).filter(|_| o + 1 < end) else {
                let it = cx.uint(parent, OPTION_TYPE, base + o, 1, code as u64);
                if it.is_stored() {
                    cx.tree
                        .set_label(it, format_args!("Option: ({code}) {name}"));
                }
                cx.malformed(base + o, "DHCP/BOOTP");
                return Ended::Malformed;
            };
            let total = (2 + len).min(end - o);
            let it = cx.uint(parent, OPTION_TYPE, base + o, total, code as u64);
            if it.is_stored() {
                cx.tree
                    .set_label(it, format_args!("Option: ({code}) {name}"));
            }
            let oi = it;
            cx.uint(oi, OPTION_LENGTH, base + o + 1, 1, len as u64);
            if o + 2 + len > end {
                cx.malformed(base + o, "DHCP/BOOTP");
                return Ended::Malformed;
            }
            let v = o + 2;
            let k = kind(code);
            let check = length_check(k, len);
            let decoded = len > 0 && !matches!(k, Kind::Opaque) && check.is_ok();
            let source = cx.tree.current_source();
            let flags = if decoded {
                fields::tree::flags::HIDDEN
            } else {
                0
            };
            let value = bytes_or_missing(cx, len);
            cx.tree
                .add_in(oi, OPTION_VALUE, source, base + v, len, value, flags);
            if let Err(msg) = check {
                if len > 0 || !matches!(k, Kind::Str(_)) {
                    self.bad_length(cx, oi, msg);
                }
            } else if len > 0 {
                let suffix = self.value(cx, b, v, len, code, k, oi);
                if let (true, Some(s)) = (it.is_stored(), suffix) {
                    cx.tree
                        .set_label(it, format_args!("Option: ({code}) {name} ({s})"));
                }
                if self.stopped {
                    return Ended::Malformed;
                }
            }
            o += 2 + len;
        }
        Ended::Missing
    }

    fn bad_length(&self, cx: &mut Cx, parent: ItemIdx, msg: &'static str) {
        cx.expert(
            parent,
            BAD_LENGTH,
            Severity::Error,
            Group::Protocol,
            format_args!("{msg}"),
        );
    }

    /// Decodes an option's value; returns what its label adds in parentheses, if anything.
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        cx: &mut Cx,
        b: &[u8],
        v: usize,
        len: usize,
        code: u8,
        k: Kind,
        oi: ItemIdx,
    ) -> Option<String> {
        let base = self.base;
        let val = &b[v..v + len];
        match k {
            Kind::Ip(f) => {
                let a: [u8; 4] = val.try_into().ok()?;
                cx.tree.add(oi, f, base + v, 4, Value::Ipv4(a));
                Some(std::net::Ipv4Addr::from(a).to_string())
            }
            Kind::IpList(f) => {
                for (i, c) in val.chunks_exact(4).enumerate() {
                    let a: [u8; 4] = c.try_into().unwrap_or_default();
                    cx.tree.add(oi, f, base + v + 4 * i, 4, Value::Ipv4(a));
                }
                None
            }
            Kind::Str(f) => {
                add_string(cx, oi, f, val, base + v);
                None
            }
            Kind::Time(f) | Kind::SignedTime(f) => {
                let raw = read::be32(val, 0)?;
                let signed = matches!(k, Kind::SignedTime(_));
                let it = if signed {
                    cx.tree
                        .add(oi, f, base + v, 4, Value::Int(raw as i32 as i64))
                } else {
                    cx.uint(oi, f, base + v, 4, raw as u64)
                };
                if it.is_stored() {
                    let def = crate::registry().field(f);
                    let mut s = String::new();
                    if signed {
                        let n = raw as i32 as i64;
                        s.push_str(&format!("({n}s) "));
                        if n < 0 {
                            s.push('-');
                        }
                        s.push_str(&crate::cx::duration_words(n.unsigned_abs(), 0));
                    } else if raw == u32::MAX {
                        s.push_str(&format!("({raw}s) infinity"));
                    } else {
                        s.push_str(&format!("({raw}s) "));
                        s.push_str(&crate::cx::duration_words(raw as u64, 0));
                    }
                    cx.tree.set_label(it, format_args!("{}: {s}", def.name));
                }
                None
            }
            Kind::U8(f) | Kind::Bool(f) => {
                cx.uint(oi, f, base + v, 1, val[0] as u64);
                None
            }
            Kind::U16(f) => {
                cx.uint(oi, f, base + v, 2, read::be16(val, 0)? as u64);
                None
            }
            Kind::U16List(f) => {
                for (i, c) in val.chunks_exact(2).enumerate() {
                    let n = u16::from_be_bytes([c[0], c[1]]);
                    cx.uint(oi, f, base + v + 2 * i, 2, n as u64);
                }
                None
            }
            Kind::IpPairs(f1, f2) => {
                for (i, c) in val.chunks_exact(8).enumerate() {
                    let a: [u8; 4] = c[..4].try_into().unwrap_or_default();
                    let m: [u8; 4] = c[4..].try_into().unwrap_or_default();
                    cx.tree.add(oi, f1, base + v + 8 * i, 4, Value::Ipv4(a));
                    cx.tree.add(oi, f2, base + v + 8 * i + 4, 4, Value::Ipv4(m));
                }
                None
            }
            Kind::Special => self.special(cx, b, v, len, code, oi),
            Kind::Opaque => None,
        }
    }

    fn special(
        &mut self,
        cx: &mut Cx,
        b: &[u8],
        v: usize,
        len: usize,
        code: u8,
        oi: ItemIdx,
    ) -> Option<String> {
        let base = self.base;
        let val = &b[v..v + len];
        match code {
            // Vendor-specific information, read as the vendor class says. Wireshark's readers of it are
            // protocols of their own, which list DHCP a second time among the frame's protocols.
            43 => {
                let class = self.vendor_class.and_then(|(at, n)| b.get(at..at + n));
                match class {
                    Some(c) if c.starts_with(b"ArubaAP") => {
                        cx.tree.layers.push("dhcp");
                        cx.tree
                            .add(oi, ARUBA_AP_CONTROLLER_IP, base + v, len, Value::Str);
                        return Some("Aruba AP".to_string());
                    }
                    Some(c) if c.starts_with(b"ArubaInstantAP") => {
                        cx.tree.layers.push("dhcp");
                        self.stopped = !aruba_instant_ap(cx, val, base + v, oi);
                        return Some("Aruba Instant AP".to_string());
                    }
                    _ => {
                        cx.tree.add(oi, VENDOR_VALUE, base + v, len, Value::Bytes);
                    }
                }
            }
            52 => {
                cx.uint(oi, OPTION_OVERLOAD, base + v, 1, val[0] as u64);
                // Only the main option list may overload the header, and only once.
                if self.depth == 0 && b.len() >= FIXED_LEN && (1..=3).contains(&val[0]) {
                    self.depth += 1;
                    let ov = val[0];
                    if ov & 2 != 0 {
                        let t = cx.text_item(
                            oi,
                            base + SNAME_AT,
                            64,
                            format_args!("Server host name option overload"),
                        );
                        self.run(cx, b, SNAME_AT, SNAME_AT + 64, t);
                    }
                    if ov & 1 != 0 {
                        let t = cx.text_item(
                            oi,
                            base + FILE_AT,
                            128,
                            format_args!("Boot file name option overload"),
                        );
                        self.run(cx, b, FILE_AT, FILE_AT + 128, t);
                    }
                    self.depth -= 1;
                }
            }
            53 => {
                cx.uint(oi, OPTION_DHCP, base + v, 1, val[0] as u64);
                let name = fields::Strings::Values(MESSAGE_TYPE_NAMES).name_of(val[0] as u64);
                return Some(name.unwrap_or("Unknown").to_string());
            }
            55 => {
                for (i, &item) in val.iter().enumerate() {
                    let it = cx.uint(oi, REQUEST_LIST_ITEM, base + v + i, 1, item as u64);
                    if it.is_stored() {
                        cx.tree.set_label(
                            it,
                            format_args!(
                                "Parameter Request List Item: ({item}) {}",
                                OPTION_NAMES[item as usize]
                            ),
                        );
                    }
                }
            }
            61 => client_id(cx, val, base + v, oi),
            77 => user_class(cx, val, base + v, oi),
            81 => client_fqdn(cx, val, base + v, oi),
            82 => agent_information(cx, val, base + v, oi),
            119 => {
                let mut o = 0;
                while o < len {
                    let Some((name, used)) = dns_name(val, o) else {
                        break;
                    };
                    let value = cx.tree.text_value(&name);
                    let it = cx
                        .tree
                        .add(oi, DOMAIN_SEARCH_FQDN, base + v + o, used, value);
                    if it.is_stored() {
                        cx.tree.set_label(it, format_args!("FQDN: {name}"));
                    }
                    o += used;
                }
            }
            121 => {
                let mut o = 0;
                while o < len {
                    let width = val[o] as usize;
                    if width > 32 {
                        cx.expert(
                            oi,
                            CLASSLESS_STATIC_ROUTE_BAD,
                            Severity::Error,
                            Group::Protocol,
                            format_args!("Mask width ({width}) > 32"),
                        );
                        break;
                    }
                    let dest_len = width.div_ceil(8);
                    let entry = 1 + dest_len + 4;
                    if o + entry > len {
                        break;
                    }
                    let mut dest = [0u8; 4];
                    dest[..dest_len].copy_from_slice(&val[o + 1..o + 1 + dest_len]);
                    let router: [u8; 4] = val[o + 1 + dest_len..o + entry]
                        .try_into()
                        .unwrap_or_default();
                    let it = cx.tree.add(
                        oi,
                        CLASSLESS_STATIC_ROUTE,
                        base + v + o,
                        entry,
                        Value::Bytes,
                    );
                    if it.is_stored() {
                        let r = std::net::Ipv4Addr::from(router);
                        if width == 0 {
                            cx.tree.set_label(it, format_args!(" default-{r}"));
                        } else {
                            let d = std::net::Ipv4Addr::from(dest);
                            cx.tree.set_label(it, format_args!(" {d}/{width}-{r}"));
                        }
                    }
                    o += entry;
                }
            }
            145 => {
                for (i, &a) in val.iter().enumerate() {
                    cx.uint(oi, FORCERENEW_NONCE_ALGORITHM, base + v + i, 1, a as u64);
                }
            }
            _ => {}
        }
        None
    }
}

/// Option 61: a hardware type and address, a type-0 text, or (type 255, RFC 4361) an IAID and a DUID.
fn client_id(cx: &mut Cx, val: &[u8], at: usize, oi: ItemIdx) {
    let len = val.len();
    match val[0] {
        1 if len == 7 => {
            cx.uint(oi, HW_TYPE, at, 1, 1);
            let mac: [u8; 6] = val[1..7].try_into().unwrap_or_default();
            cx.tree.add(oi, HW_MAC_ADDR, at + 1, 6, Value::Ether(mac));
        }
        0 if len > 1 => {
            cx.uint(oi, CLIENT_ID_TYPE, at, 1, 0);
            add_string(cx, oi, CLIENT_ID_UNDEF, &val[1..], at + 1);
        }
        255 if len >= 7 => {
            let mut hex = String::new();
            fields::format::write_hex(&val[1..5], &mut hex);
            let iaid = cx.tree.text_value(&hex);
            cx.tree.add(oi, CLIENT_ID_IAID, at + 1, 4, iaid);
            let duid_type = u16::from_be_bytes([val[5], val[6]]);
            cx.uint(oi, CLIENT_ID_DUID_TYPE, at + 5, 2, duid_type as u64);
            let rest = &val[7..];
            let r = at + 7;
            match duid_type {
                1 if rest.len() >= 6 => {
                    let hw = u16::from_be_bytes([rest[0], rest[1]]);
                    cx.uint(oi, CLIENT_ID_DUID_LLT_HW_TYPE, r, 2, hw as u64);
                    let time = u32::from_be_bytes([rest[2], rest[3], rest[4], rest[5]]);
                    cx.uint(oi, CLIENT_ID_TIME, r + 2, 4, time as u64);
                    link_layer(cx, oi, CLIENT_ID_LINK_LAYER_ADDRESS, &rest[6..], r + 6);
                }
                2 if rest.len() >= 4 => {
                    let e = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]);
                    cx.uint(oi, CLIENT_ID_ENTERPRISE_NUM, r, 4, e as u64);
                    cx.tree
                        .add(oi, CLIENT_ID, r + 4, rest.len() - 4, Value::Bytes);
                }
                3 if rest.len() >= 2 => {
                    let hw = u16::from_be_bytes([rest[0], rest[1]]);
                    cx.uint(oi, CLIENT_ID_DUID_LL_HW_TYPE, r, 2, hw as u64);
                    link_layer(cx, oi, CLIENT_ID_LINK_LAYER_ADDRESS, &rest[2..], r + 2);
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// A string field over `bytes` at `at`. `FT_STRING` values end at a NUL as `FT_STRINGZ` ones do
/// (Wireshark calls the rest stray characters), so the item covers the text before it.
pub(crate) fn add_string(cx: &mut Cx, parent: ItemIdx, field: FieldId, bytes: &[u8], at: usize) {
    let def = crate::registry().field(field);
    let len = if def.ty == fields::FieldType::String {
        bytes.iter().position(|&c| c == 0).unwrap_or(bytes.len())
    } else {
        bytes.len()
    };
    cx.tree.add(parent, field, at, len, Value::Str);
}

/// The value of a byte field over `len` bytes: its span, or for an empty one tshark's `<MISSING>`, which
/// `-T fields` prints for empty byte values of options.
pub(crate) fn bytes_or_missing(cx: &mut Cx, len: usize) -> Value {
    if len == 0 {
        cx.tree.text_value("<MISSING>")
    } else {
        Value::Bytes
    }
}

/// A link-layer address shown as colon-separated hex, in a string field.
pub(crate) fn link_layer(cx: &mut Cx, parent: ItemIdx, field: FieldId, bytes: &[u8], at: usize) {
    if bytes.is_empty() || !cx.tree.wants(field) {
        return;
    }
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{b:02x}"));
    }
    let value = cx.tree.text_value(&s);
    cx.tree.add(parent, field, at, bytes.len(), value);
}

/// Option 77 (RFC 3004): instances each with a length; clients that send plain text get it shown as text.
fn user_class(cx: &mut Cx, val: &[u8], at: usize, oi: ItemIdx) {
    let mut o = 0;
    let mut well_formed = true;
    while o < val.len() {
        let l = val[o] as usize;
        if l == 0 || o + 1 + l > val.len() {
            well_formed = false;
            break;
        }
        o += 1 + l;
    }
    if !well_formed {
        add_string(cx, oi, USER_CLASS_TEXT, val, at);
        cx.expert(
            oi,
            NONSTD_DATA,
            Severity::Note,
            Group::Protocol,
            format_args!("Non standard compliant option data"),
        );
        return;
    }
    let (mut o, mut i) = (0, 0u64);
    while o < val.len() {
        let l = val[o] as usize;
        let it = cx.uint(oi, USER_CLASS, at + o, 1 + l, i);
        if it.is_stored() {
            cx.tree
                .set_label(it, format_args!("Instance of User Class: [{i}]"));
        }
        let p = it;
        cx.uint(p, USER_CLASS_LENGTH, at + o, 1, l as u64);
        cx.tree.add(p, USER_CLASS_DATA, at + o + 1, l, Value::Bytes);
        o += 1 + l;
        i += 1;
    }
}

/// Option 81 (RFC 4702): flags, the two obsolete result codes, and the name (DNS-encoded if E is set).
fn client_fqdn(cx: &mut Cx, val: &[u8], at: usize, oi: ItemIdx) {
    let flags = val[0];
    let fi = cx.uint(oi, FQDN_FLAGS, at, 1, flags as u64);
    if fi.is_stored() {
        let mut s = format!("Flags: 0x{flags:02x}");
        for (bit, name) in [
            (0x08, "Server DDNS"),
            (0x04, "Encoding"),
            (0x02, "Server overrides"),
            (0x01, "Server"),
        ] {
            if flags & bit != 0 {
                s.push_str(", ");
                s.push_str(name);
            }
        }
        cx.tree.set_label(fi, format_args!("{s}"));
    }
    let p = fi;
    for f in [FQDN_MBZ, FQDN_N, FQDN_E, FQDN_O, FQDN_S] {
        cx.bits(p, f, at, 1, flags as u64);
    }
    if val.len() < 3 {
        return;
    }
    cx.uint(oi, FQDN_RCODE1, at + 1, 1, val[1] as u64);
    cx.uint(oi, FQDN_RCODE2, at + 2, 1, val[2] as u64);
    if val.len() == 3 {
        return;
    }
    let name = &val[3..];
    if flags & 0x04 != 0 {
        if let Some((text, _)) = dns_name(name, 0) {
            let value = cx.tree.text_value(&text);
            cx.tree.add(oi, FQDN_NAME, at + 3, name.len(), value);
        }
    } else {
        add_string(cx, oi, FQDN_NAME, name, at + 3);
    }
}

/// Option 82 (RFC 3046): sub-options.
fn agent_information(cx: &mut Cx, val: &[u8], at: usize, oi: ItemIdx) {
    let mut o = 0;
    while o < val.len() {
        let code = val[o];
        let name = fields::Strings::Values(AGENT_SUBOPTION_NAMES)
            .name_of(code as u64)
            .unwrap_or("Unknown");
        let Some(&l) = val.get(o + 1) else {
            break;
        };
        let l = l as usize;
        let total = (2 + l).min(val.len() - o);
        let it = cx.uint(oi, AGENT_SUBOPTION, at + o, total, code as u64);
        let p = it;
        cx.uint(p, OPTION_SUBOPTION_LENGTH, at + o + 1, 1, l as u64);
        if o + 2 + l > val.len() {
            break;
        }
        let s = &val[o + 2..o + 2 + l];
        let sat = at + o + 2;
        let typed = match code {
            1 => Some(AGENT_CIRCUIT_ID),
            2 => Some(AGENT_REMOTE_ID),
            5 => Some(AGENT_LINK_SELECTION),
            6 => Some(AGENT_SUBSCRIBER_ID),
            11 => Some(AGENT_SERVER_ID_OVERRIDE),
            12 => Some(AGENT_RELAY_AGENT_ID),
            150 => Some(AGENT_LINK_SELECTION_CISCO),
            152 => Some(AGENT_SERVER_ID_OVERRIDE_CISCO),
            _ => None,
        };
        let is_ip = matches!(code, 5 | 11 | 150 | 152);
        let decodes = typed.is_some() && l > 0 && (!is_ip || l == 4);
        let source = cx.tree.current_source();
        let hide = if decodes {
            fields::tree::flags::HIDDEN
        } else {
            0
        };
        let value = bytes_or_missing(cx, l);
        cx.tree.add_in(p, AGENT_VALUE, source, sat, l, value, hide);
        let mut suffix = String::new();
        if let (true, Some(f)) = (decodes, typed) {
            if is_ip {
                let a: [u8; 4] = s.try_into().unwrap_or_default();
                cx.tree.add(p, f, sat, 4, Value::Ipv4(a));
                suffix = format!(" ({})", std::net::Ipv4Addr::from(a));
            } else if f == AGENT_SUBSCRIBER_ID {
                cx.tree.add(p, f, sat, l, Value::Str);
            } else {
                cx.tree.add(p, f, sat, l, Value::Bytes);
            }
        }
        if it.is_stored() {
            cx.tree.set_label(
                it,
                format_args!("Option 82 Suboption: ({code}) {name}{suffix}"),
            );
        }
        o += 2 + l;
    }
}

/// A DNS-encoded name at `o` of `msg` (compression pointers resolve within `msg`), as dotted text, and
/// the bytes it takes at `o`. `None` when it runs past the end.
pub(crate) fn dns_name(msg: &[u8], mut o: usize) -> Option<(String, usize)> {
    let start = o;
    let mut used = None;
    let mut name = String::new();
    let mut hops = 0;
    loop {
        let l = *msg.get(o)? as usize;
        if l == 0 {
            let end = used.unwrap_or(o + 1 - start);
            return Some((name, end));
        }
        if l & 0xc0 == 0xc0 {
            let ptr = ((l & 0x3f) << 8) | *msg.get(o + 1)? as usize;
            if used.is_none() {
                used = Some(o + 2 - start);
            }
            hops += 1;
            if hops > 64 || ptr >= msg.len() {
                return None;
            }
            o = ptr;
            continue;
        }
        let label = msg.get(o + 1..o + 1 + l)?;
        if !name.is_empty() {
            name.push('.');
        }
        fields::format::write_text(label, &mut name);
        o += 1 + l;
    }
}

pub(crate) static BOOTP_OP_NAMES: &[(u64, &str)] = &[(1, "Boot Request"), (2, "Boot Reply")];
pub(crate) static MESSAGE_TYPE_NAMES: &[(u64, &str)] = &[
    (1, "Discover"),
    (2, "Offer"),
    (3, "Request"),
    (4, "Decline"),
    (5, "ACK"),
    (6, "NAK"),
    (7, "Release"),
    (8, "Inform"),
    (9, "Force Renew"),
    (10, "Lease query"),
    (11, "Lease Unassigned"),
    (12, "Lease Unknown"),
    (13, "Lease Active"),
    (14, "Bulk Lease Query"),
    (15, "Lease Query Done"),
    (16, "Active LeaseQuery"),
    (17, "Lease Query Status"),
    (18, "TLS"),
];
pub(crate) static OVERLOAD_NAMES: &[(u64, &str)] = &[
    (1, "Boot file name holds options"),
    (2, "Server host name holds options"),
    (3, "Boot file and server host names hold options"),
];
pub(crate) static NODE_TYPE_NAMES: &[(u64, &str)] =
    &[(1, "B-node"), (2, "P-node"), (4, "M-node"), (8, "H-node")];
pub(crate) static DUID_TYPE_NAMES: &[(u64, &str)] = &[
    (1, "link-layer address plus time"),
    (2, "assigned by vendor based on Enterprise number"),
    (3, "link-layer address"),
];
pub(crate) static AGENT_SUBOPTION_NAMES: &[(u64, &str)] = &[
    (0, "Padding"),
    (1, "Agent Circuit ID"),
    (2, "Agent Remote ID"),
    (3, "Reserved"),
    (4, "DOCSIS Device Class"),
    (5, "Link selection"),
    (6, "Subscriber ID"),
    (7, "RADIUS Attributes"),
    (8, "Authentication"),
    (9, "Vendor-Specific Information"),
    (10, "Flags"),
    (11, "Server ID Override"),
    (12, "Relay Agent Identifier"),
    (13, "Access Technology Type"),
    (14, "Access Network Name"),
    (15, "Access Point Name"),
    (16, "Access Point BSSID"),
    (17, "Access Network Operator ID"),
    (18, "Access Network Operator Realm"),
    (19, "Source Port"),
    (150, "Link selection (Cisco proprietary)"),
    (151, "VRF name/VPN ID"),
    (152, "Server ID Override (Cisco proprietary)"),
];
pub(crate) static CLIENT_ARCH_NAMES: &[(u64, &str)] = &[
    (0, "IA x86 PC"),
    (1, "NEC/PC98"),
    (2, "IA64 PC"),
    (3, "DEC Alpha"),
    (4, "ArcX86"),
    (5, "Intel Lean Client"),
    (6, "EFI IA32"),
    (7, "EFI x64"),
    (8, "EFI Xscale"),
    (9, "EFI BC"),
    (10, "ARM 32-bit UEFI"),
    (11, "ARM 64-bit UEFI"),
    (12, "PowerPC Open Firmware"),
    (13, "PowerPC ePAPR"),
    (14, "POWER OPAL v3"),
    (15, "x86 UEFI HTTP"),
    (16, "x64 UEFI HTTP"),
    (17, "EBC UEFI HTTP"),
    (18, "ARM 32-bit UEFI HTTP"),
    (19, "ARM 64-bit UEFI HTTP"),
    (20, "PC/AT HTTP"),
    (21, "ARM 32-bit uboot"),
    (22, "ARM 64-bit uboot"),
    (23, "ARM 32-bit uboot HTTP"),
    (24, "ARM 64-bit uboot HTTP"),
    (25, "RISC-V 32-bit UEFI"),
    (26, "RISC-V 32-bit UEFI HTTP"),
    (27, "RISC-V 64-bit UEFI"),
    (28, "RISC-V 64-bit UEFI HTTP"),
    (29, "RISC-V 128-bit UEFI"),
    (30, "RISC-V 128-bit UEFI HTTP"),
    (31, "s390 Basic"),
    (32, "s390 Extended"),
];
pub(crate) static AUTO_CONFIG_NAMES: &[(u64, &str)] =
    &[(0, "DoNotAutoConfigure"), (1, "AutoConfigure")];
pub(crate) static FORCERENEW_ALG_NAMES: &[(u64, &str)] = &[(1, "HMAC-MD5")];
/// Option names by code, as tshark shows them.
pub(crate) static OPTION_NAMES: [&str; 256] = [
    "Padding",
    "Subnet Mask",
    "Time Offset",
    "Router",
    "Time Server",
    "Name Server",
    "Domain Name Server",
    "Log Server",
    "Quotes Server",
    "LPR Server",
    "Impress Server",
    "Resource Location Server",
    "Host Name",
    "Boot File Size",
    "Merit Dump File",
    "Domain Name",
    "Swap Server",
    "Root Path",
    "Extensions Path",
    "IP Forwarding",
    "Non-Local Source Routing",
    "Policy Filter",
    "Maximum Datagram Reassembly Size",
    "Default IP Time-to-Live",
    "Path MTU Aging Timeout",
    "Path MTU Plateau Table",
    "Interface MTU",
    "All Subnets are Local",
    "Broadcast Address",
    "Perform Mask Discovery",
    "Mask Supplier",
    "Perform Router Discover",
    "Router Solicitation Address",
    "Static Route",
    "Trailer Encapsulation",
    "ARP Cache Timeout",
    "Ethernet Encapsulation",
    "TCP Default TTL",
    "TCP Keepalive Interval",
    "TCP Keepalive Garbage",
    "Network Information Service Domain",
    "Network Information Service Servers",
    "Network Time Protocol Servers",
    "Vendor-Specific Information",
    "NetBIOS over TCP/IP Name Server",
    "NetBIOS over TCP/IP Datagram Distribution Name Server",
    "NetBIOS over TCP/IP Node Type",
    "NetBIOS over TCP/IP Scope",
    "X Window System Font Server",
    "X Window System Display Manager",
    "Requested IP Address",
    "IP Address Lease Time",
    "Option Overload",
    "DHCP Message Type",
    "DHCP Server Identifier",
    "Parameter Request List",
    "Message",
    "Maximum DHCP Message Size",
    "Renewal Time Value",
    "Rebinding Time Value",
    "Vendor class identifier",
    "Client identifier",
    "Novell/Netware IP domain",
    "Novell Options",
    "Network Information Service+ Domain",
    "Network Information Service+ Servers",
    "TFTP Server Name",
    "Bootfile name",
    "Mobile IP Home Agent",
    "SMTP Server",
    "POP3 Server",
    "NNTP Server",
    "Default WWW Server",
    "Default Finger Server",
    "Default IRC Server",
    "StreetTalk Server",
    "StreetTalk Directory Assistance Server",
    "User Class Information",
    "Directory Agent Information",
    "Service Location Agent Scope",
    "Rapid commit",
    "Client Fully Qualified Domain Name",
    "Agent Information Option",
    "iSNS",
    "Removed/Unassigned",
    "Novell Directory Services Servers",
    "Novell Directory Services Tree Name",
    "Novell Directory Services Context",
    "BCMCS Controller Domain Name [TODO:RFC4280]",
    "BCMCS Controller IPv4 address [TODO:RFC4280]",
    "Authentication",
    "Client last transaction time",
    "Associated IP option",
    "Client System Architecture",
    "Client Network Device Interface",
    "LDAP [TODO:RFC3679]",
    "Removed/Unassigned",
    "UUID/GUID-based Client Identifier",
    "Open Group's User Authentication [TODO:RFC2485]",
    "Civic Addresses Configuration",
    "PCode",
    "TCode",
    "Removed/unassigned",
    "Removed/unassigned",
    "Removed/unassigned",
    "Removed/unassigned",
    "Removed/unassigned",
    "Removed/unassigned",
    "IPv6-Only Preferred",
    "Unassigned",
    "Removed/Unassigned",
    "Unassigned",
    "NetInfo Parent Server Address",
    "NetInfo Parent Server Tag",
    "DHCP Captive-Portal",
    "Removed/Unassigned",
    "DHCP Auto-Configuration",
    "Name Service Search",
    "Subnet Selection Option",
    "Domain Search",
    "SIP Servers",
    "Classless Static Route",
    "CableLabs Client Configuration [TODO:RFC3495]",
    "Coordinate-based Location Configuration",
    "V-I Vendor Class",
    "V-I Vendor-specific Information",
    "Removed/Unassigned",
    "Removed/Unassigned",
    "DOCSIS full security server IP [TODO]",
    "PXE - undefined (vendor specific)",
    "PXE - undefined (vendor specific)",
    "PXE - undefined (vendor specific)",
    "PXE - undefined (vendor specific)",
    "PXE - undefined (vendor specific)",
    "PXE - undefined (vendor specific)",
    "PXE - undefined (vendor specific)",
    "PANA Authentication Agent",
    "LoST Server Domain Name",
    "CAPWAP Access Controllers",
    "IPv4 Address-MoS",
    "IPv4 FQDN-MoS",
    "SIP UA Configuration Domains",
    "IPv4 Address ANDSF",
    "Zerotouch Redirect [TODO: draft-ietf-netconf-zerotouch]",
    "Geospatial Location [TODO:RFC6225]",
    "Forcerenew Nonce Capable",
    "RDNSS Selection",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "TFTP Server Address",
    "Leasequery Status code",
    "Leasequery Base Time",
    "Leasequery Start Time of State",
    "Leasequery Query Start Time",
    "Leasequery Query End Time",
    "Leasequery Dhcp State",
    "Leasequery Data Source",
    "PCP Server",
    "Portparams",
    "Unassigned (ex DHCP Captive-Portal)",
    "Manufacturer Usage Description",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Etherboot",
    "IP Telephone",
    "Etherboot",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "PXELINUX Magic",
    "PXE Configuration file",
    "PXE Path Prefix",
    "Reboot Time",
    "6RD",
    "V4 Access Domain",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Subnet Allocation",
    "Virtual Subnet Selection",
    "Unassigned",
    "Unassigned",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private/Avaya IP Telephone",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private",
    "Private/Classless Static Route (Microsoft)",
    "Private",
    "Private",
    "Private/Proxy autodiscovery",
    "Private",
    "Private",
    "End",
];

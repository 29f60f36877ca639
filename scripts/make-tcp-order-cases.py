#!/usr/bin/env python3
"""TCP handshakes seen in an odd order, for tests/tcp_order.rs (tshark 4.0's answers stored by
scripts/tcp-order-oracle.sh): which segments tshark counts in tcp.completeness when the SYN+ACK, an ACK
or a second SYN comes before or after the SYN (a capture point that sees the two directions through
different paths, as zeek/ipv6-http-atomic-frag.pcap does). Each conversation is a handshake in the order
given, then a request, its ACK and both FINs.

tcp-order.pcap: orders whose every output tshark and wiresift show alike; synack-first.pcap: a SYN+ACK
before the SYN, after which tshark shows an empty SEQ/ACK analysis tree on the SYN that wiresift does
not (yet), so only the packet list and the fields are compared there."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from tcpconv import Conv, write_pcap  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates/wiresift/tests/data/tcp-order')


def conversation(port, order):
    """A conversation from client port `port` whose handshake segments come in `order` (names S, SA,
    A for the SYN, SYN+ACK and ACK; a name given twice is the segment sent again)."""
    c = Conv(cport=port)
    syn, synack, ack = c.pkts
    c.pkts = []
    c.send(0, b'GET / HTTP/1.0\r\n\r\n')
    c.send(1, b'', 0x10)
    c.close()
    named = {'S': syn, 'SA': synack, 'A': ack}
    return [named[n] for n in order] + c.pkts


def capture(name, orders):
    pkts = []
    for i, order in enumerate(orders):
        pkts += conversation(41000 + i, order)
    write_pcap(os.path.join(OUT, name), pkts)


os.makedirs(OUT, exist_ok=True)
capture('tcp-order.pcap', [['S', 'SA', 'A'], ['SA', 'A'], ['A', 'S', 'SA'], ['S', 'S', 'SA', 'A'], ['S', 'A', 'SA']])
capture('synack-first.pcap', [['SA', 'S', 'A'], ['SA', 'SA', 'S', 'A'], ['SA', 'S', 'S', 'A']])

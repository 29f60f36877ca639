#!/bin/sh
# Regenerates crates/wiresift/tests/data/stats/*.txt: tshark 4.0's -z io,stat and -z expert reports for
# a few corpus captures (../shared/captures). Each line of CASES is NAME CAPTURE REPORT; the test
# (crates/wiresift/tests/oracle_stats.rs) lists the same cases.
set -eu
here=$(dirname "$0")/..
captures=${CAPTURES:-$here/../shared/captures}
out=$here/crates/wiresift/tests/data/stats
mkdir -p "$out"
while read -r name capture report; do
    [ -n "$name" ] || continue
    tshark -n -r "$captures/$capture" -q -z "$report" > "$out/$name.txt" 2>/dev/null
done <<'CASES'
io-stat-handshake-whole ppa/tcp_handshake.pcapng io,stat,0
io-stat-handshake-columns ppa/tcp_handshake.pcapng io,stat,0.05,AVG(tcp.len)tcp.len,MAX(frame.time_delta)frame.time_delta,SUM(frame.time_delta)frame,MIN(tcp.window_size)tcp.window_size
io-stat-handshake-count ppa/tcp_handshake.pcapng io,stat,1,COUNT(tcp.len)tcp,COUNT(frame.time_delta)frame,COUNT(tcp.srcport)ip,COUNT(tcp.srcport)tcp.srcport>1
io-stat-handshake-wrap ppa/tcp_handshake.pcapng io,stat,0.02,tcp.flags.syn==1 && tcp.flags.ack==1 && ip.src==173.194.0.1 && ip.dst == 10.0.0.1 && tcp.port==80
io-stat-handshake-frames ppa/tcp_handshake.pcapng io,stat,1,FRAMES,BYTES,FRAMES()tcp
io-stat-espn-seconds ppa/http_espn.pcapng io,stat,1
io-stat-espn-filters ppa/http_espn.pcapng io,stat,0.1,COUNT(tcp.len)tcp.len>0,SUM(tcp.len)tcp.len,AVG(ip.ttl)ip.ttl,MAX(frame.len)frame.len
io-stat-dns-protocols ppa/dns.pcap io,stat,10,tcp,,udp
expert-refused ppa/tcp_refuseconnection.pcapng expert
expert-zerowindow-notes ppa/tcp_zerowindowrecovery.pcapng expert,note
expert-handshake-filter ppa/tcp_handshake.pcapng expert,chat,tcp.flags.ack==1
expert-synscan-warn ppa/synscan.pcapng expert,warn
expert-packet-comments derived/tcp_handshake-packet-comments.pcapng expert
http-tree-espn ppa/http_espn.pcapng http,tree
http-req-tree-espn ppa/http_espn.pcapng http_req,tree
http-srv-tree-espn ppa/http_espn.pcapng http_srv,tree
http-tree-pipelined zeek/http/pipelined-requests.pcap http,tree
http-srv-tree-dropped-response zeek/http/1000-requests-one-dropped-response.pcap.gz http_srv,tree
http-req-tree-post-filter ppa/http_post.pcapng http_req,tree,tcp.srcport!=80
CASES
# Reports see the frames -Y hides, and the last -z prints first.
tshark -n -r "$captures/ppa/ip_frag_source.pcapng" -q -Y icmp -z io,phs -z conv,ip -z endpoints,eth \
    > "$out/order-and-display-filter.txt" 2>/dev/null
# The repo's own fixture, for a check that needs no corpus.
tshark -n -r "$here/tests/data/boot-and-browse.pcapng" -q -z conv,eth -z conv,ip -z conv,ipv6 \
    -z conv,tcp -z conv,udp -z endpoints,eth -z endpoints,ip -z endpoints,ipv6 -z endpoints,tcp \
    -z endpoints,udp -z io,stat,5,tcp,udp > "$out/fixture-conv-endpoints.txt" 2>/dev/null
# -z dns,tree on the repo's DNS fixtures: UDP (every record type), TCP (AXFR, IXFR, update), mDNS and
# LLMNR (which tshark leaves out of the tree), and the sample with a filter.
data=$here/crates/wiresift/tests/data/dns
tshark -n -r "$data/dns-udp.pcap" -q -z dns,tree > "$out/dns-tree-udp.txt" 2>/dev/null
tshark -n -r "$data/dns-tcp.pcap" -q -z dns,tree > "$out/dns-tree-tcp.txt" 2>/dev/null
tshark -n -r "$data/mdns-llmnr.pcap" -q -z dns,tree > "$out/dns-tree-mdns-llmnr.txt" 2>/dev/null
tshark -n -r "$here/tests/data/boot-and-browse.pcapng" -q -z "dns,tree,dns.qry.type == 28" \
    > "$out/dns-tree-sample-aaaa.txt" 2>/dev/null
# The three HTTP trees on the sample (its page fetch), for a check that needs no corpus.
tshark -n -r "$here/tests/data/boot-and-browse.pcapng" -q -z http,tree -z http_req,tree -z http_srv,tree \
    > "$out/http-trees-sample.txt" 2>/dev/null

import sys, struct, zlib; sys.path.insert(0,'/work/main/scripts/lib')
from tcpconv import Conv, write_pcap
def chunk(t, d, crc=None):
    c = zlib.crc32(t+d) if crc is None else crc
    return struct.pack('!I', len(d)) + t + d + struct.pack('!I', c)
def png(chunks): return b'\x89PNG\r\n\x1a\n' + b''.join(chunks)
imgs = []
for ct in [0,2,3,4,6,5]:
  for il in [0,1,2]:
    pass
imgs.append(png([chunk(b'IHDR', struct.pack('!IIBBBBB', 1,2,8,0,0,0,0)), chunk(b'sRGB', b'\x00'), chunk(b'IEND', b'')]))
imgs.append(png([chunk(b'IHDR', struct.pack('!IIBBBBB', 1,2,8,2,1,1,1)), chunk(b'sRGB', b'\x01'), chunk(b'bKGD', b'\x05'), chunk(b'gAMA', struct.pack('!I', 45455)), chunk(b'cHRM', struct.pack('!8I', 31270,32900,64000,33000,30000,60000,15000,6000)), chunk(b'IEND', b'')]))
imgs.append(png([chunk(b'IHDR', struct.pack('!IIBBBBB', 1,2,8,3,0,0,2)), chunk(b'sRGB', b'\x02'), chunk(b'bKGD', struct.pack('!HHH',1,2,3)), chunk(b'pHYs', struct.pack('!IIB', 1,2,0)), chunk(b'zTXt', b'k\x00\x00xx'), chunk(b'iTXt', b'k\x00\x00\x00\x00\x00t'), chunk(b'abCd', b'12'), chunk(b'IEND', b'', crc=5)]))
imgs.append(png([chunk(b'IHDR', struct.pack('!IIBBBBB', 1,2,8,4,0,0,0)), chunk(b'sRGB', b'\x03'), chunk(b'sRGB', b'\x07'), chunk(b'tEXt', b'NoNul'), chunk(b'tEXt', b'a\x00'), chunk(b'tIME', struct.pack('!HBBBBB',2020,1,2,3,4,5)), b'\x00\x00\x00\x05IDATab']))
imgs.append(png([chunk(b'IHDR', struct.pack('!IIBBBBB', 1,2,8,6,0,0,0)), b'\x7f\xff\xff\xffIDATabcd']))
imgs.append(png([chunk(b'IHDR', struct.pack('!IIBBBBB', 1,2,8,9,0,0,0))]) + b'\x00\x00')
pk=[]
for i,im in enumerate(imgs):
    cv=Conv(cport=46000+i, sport=80, pkts=pk)
    cv.send(0,b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
    cv.send(1,b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %d\r\n\r\n" % len(im) + im)
    cv.close()
write_pcap(sys.argv[1], pk)

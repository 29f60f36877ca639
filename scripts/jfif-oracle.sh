#!/bin/sh
# Stores what tshark 4.0 shows for the crafted JPEG images (crates/wiresift/tests/data/jfif, made by
# scripts/make-jfif-cases.py), for tests/jfif_crafted.rs: NAME.V, NAME.summary and NAME.fields.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
dir=crates/wiresift/tests/data/jfif
outputs_oracle $dir "frame.protocols image-jfif.marker image-jfif.length image-jfif.identifier image-jfif.version.major image-jfif.units image-jfif.Xdensity image-jfif.Xthumbnail image-jfif.RGB image-jfif.extension.code image-jfif.sof.precision image-jfif.sof.lines image-jfif.sof.nf image-jfif.sof.h_i image-jfif.sof.tq_i image-jfif.sos.ns image-jfif.sos.component_selector image-jfif.sos.ac_entropy_selector image-jfif.sos.se image-jfif.sos.al image-jfif.comment image-jfif.remain_seg_data image-jfif.endianness image-jfif.start_ifd_offset image-jfif.next_ifd_offset image-jfif.ifd.num_fields image-jfif.ifd.tag image-jfif.ifd.tag_exif image-jfif.ifd.tag_gps image-jfif.ifd.tag_interop image-jfif.ifd.type image-jfif.ifd.count image-jfif.ifd.offset image-jfif.ifd.value_byte image-jfif.ifd.value_ascii image-jfif.ifd.value_short image-jfif.ifd.value_long image-jfif.ifd.value_rational.numerator image-jfif.ifd.value_srational.denominator image-jfif.ifd.value_slong image-jfif.ifd.value_undefined image-jfif.entropy_coded_segment image-jfif.fill_bytes image-jfif.exif_flashpix_marker image-jfif.app0-identifier-not-jfif image-jfif.ifd_value_offset.invalid image-jfif.next_ifd_offset.invalid image-jfif.start_ifd_offset.invalid _ws.malformed _ws.expert.message _ws.col.Protocol _ws.col.Info"

#!/usr/bin/python3
"""Writes small NRRD fixtures under core/src/test/resources/nrrd/ (plain Python, no packages).

They exercise what NrrdReader must agree with ITK on (itk_expected.json, made by
core/src/test/cpp/itk_geometry/make_itk_expected.sh): spaces other than LPS, oblique space
directions, detached headers with skips, every encoding, big-endian data, no space at all
(spacings and axis mins), 2-D images and a unit range axis.
    /usr/bin/python3 core/src/test/python/make_nrrd_fixtures.py
"""
import gzip
import os
import shutil
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "nrrd")
SIZES = (4, 3, 2)
VALUES = [(-1) ** i * (i * 37 % 101) - 5 for i in range(24)]
OBLIQUE = "(0.61237243569579447,0.35355339059327373,-0.35355339059327379) " \
          "(-0.35355339059327373,0.61237243569579447,0.61237243569579447) " \
          "(1.7320508075688772,-2.1213203435596424,2.4494897427831779)"


def header(lines):
    return ("NRRD0004\n# DeltaRad test fixture\n" + "".join(l + "\n" for l in lines)).encode()


def shorts(endian):
    return struct.pack(endian + "%dh" % len(VALUES), *VALUES)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    common = ["type: short", "dimension: 3", "sizes: 4 3 2", "kinds: domain domain domain"]
    for space, name in (("right-anterior-superior", "ras_oblique.nrrd"),
                        ("left-anterior-superior", "las_oblique.nrrd"),
                        ("left-posterior-superior", "lps_oblique.nrrd"),
                        ("scanner-xyz", "scanner_oblique.nrrd")):
        write(name, header(common + ["space: " + space, "endian: little", "encoding: raw",
                                     "space directions: " + OBLIQUE,
                                     "space origin: (-12.5,33.25,7)", ""]) + shorts("<"))
    lps = ["space: LPS", "space directions: (0.5,0,0) (0,0.75,0) (0,0,3)",
           "space origin: (1,2,3)"]
    write("gzip_big.nrrd", header(common + lps + ["endian: big", "encoding: gzip", ""])
          + gzip.compress(shorts(">")))
    write("ascii.nrrd", header(common + lps + ["encoding: ascii", ""])
          + " ".join(str(v) for v in VALUES).encode() + b"\n")
    write("hex.nrrd", header(common + lps + ["endian: little", "encoding: hex", ""])
          + shorts("<").hex().encode() + b"\n")
    write("detached.raw", b"skip me\nand me\n12345" + shorts(">"))
    write("detached.nhdr", header(common + lps + ["endian: big", "encoding: raw",
                                                  "line skip: 2", "byte skip: 5",
                                                  "data file: detached.raw"]))
    write("detached_gz.raw.gz", gzip.compress(shorts("<")))
    write("detached_gz.nhdr", header(common + lps + ["endian: little", "encoding: gz",
                                                     "data file: detached_gz.raw.gz"]))
    write("no_space.nrrd", header(["type: uchar", "dimension: 3", "sizes: 4 3 2",
                                   "encoding: raw", "spacings: 0.5 1.5 2",
                                   "axis mins: 10 -3 4", "centers: cell node cell", ""])
          + bytes(range(24)))
    write("unit_range_axis.nrrd", header(["type: float", "dimension: 4", "sizes: 1 4 3 2",
                                          "kinds: scalar domain domain domain",
                                          "endian: little", "encoding: raw",
                                          "space: RAS", "space directions: none " + OBLIQUE,
                                          "space origin: (1,2,3)", ""])
          + struct.pack("<24f", *[v / 8.0 for v in VALUES]))
    print("wrote", len(os.listdir(OUT)), "files")


if __name__ == "__main__":
    main()

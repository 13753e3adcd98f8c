"""Writes the discretised ROIs the texture-family tests read (core/src/test/resources/texture/).

Run from the repository root with numpy:  python3 core/src/test/python/make_texture_fixtures.py
Inputs: the shared reference data {ibsi-digital-phantom,pyradiomics-brain1}, from $DELTARAD_REFERENCE
(default: ../shared/reference beside the checkout).
Output format (text): line 1 "nx ny nz sx sy sz", then the bounding box's grey levels, x fastest,
0 outside the ROI, one z-slice per line.
Discretisation as PyRadiomics' fixed bin width, floor(x/w) - floor(min_roi/w) + 1, or fixed bin count.
"""
import gzip
import os
import struct
import sys

import numpy as np

REF = os.environ.get('DELTARAD_REFERENCE', os.path.join('..', 'shared', 'reference'))
OUT = 'core/src/test/resources/texture'


def read_nifti(path):
  raw = gzip.open(path).read()
  dims = struct.unpack('<8h', raw[40:56])
  datatype, = struct.unpack('<h', raw[70:72])
  pixdim = struct.unpack('<8f', raw[76:108])
  vox_offset, slope, inter = struct.unpack('<3f', raw[108:120])
  dtype = {2: '<u1', 4: '<i2', 8: '<i4', 16: '<f4', 64: '<f8', 512: '<u2'}[datatype]
  nx, ny, nz = dims[1:4]
  data = np.frombuffer(raw[int(vox_offset):], dtype=dtype, count=nx * ny * nz).astype(float)
  if slope not in (0.0, 1.0) or inter != 0.0:
    data = data * (slope if slope else 1.0) + inter
  return data.reshape((nz, ny, nx)), pixdim[1:4]


def read_nrrd(path):
  raw = open(path, 'rb').read()
  head, body = raw.split(b'\n\n', 1)
  fields = {}
  for line in head.decode().splitlines()[1:]:
    if ':' in line and not line.startswith('#'):
      k, v = line.split(':', 1)
      fields[k.strip()] = v.strip()
  sizes = [int(s) for s in fields['sizes'].split()]
  dtype = {'short': '<i2', 'int': '<i4', 'unsigned char': '<u1', 'float': '<f4',
           'double': '<f8'}[fields['type']]
  data = gzip.decompress(body) if fields['encoding'] == 'gzip' else body
  arr = np.frombuffer(data, dtype=dtype).astype(float)
  dirs = fields['space directions'].replace('(', '').replace(')', ' ').split()
  spacing = [np.linalg.norm([float(c) for c in d.split(',')]) for d in dirs]
  return arr.reshape(sizes[::-1]), spacing


def write(name, image, mask, spacing, bin_width=None, bin_count=None):
  zz, yy, xx = np.nonzero(mask)
  box = (slice(zz.min(), zz.max() + 1), slice(yy.min(), yy.max() + 1),
         slice(xx.min(), xx.max() + 1))
  img, msk = image[box], mask[box]
  if bin_count is None:
    lo = np.floor(img[msk].min() / bin_width)
    levels = np.where(msk, np.floor(img / bin_width) - lo + 1, 0).astype(int)
  else:
    # PyRadiomics' fixed bin count: numpy.histogram edges, top edge raised by 1, numpy.digitize.
    edges = np.histogram(img[msk], bin_count)[1]
    edges[-1] += 1
    levels = np.where(msk, np.digitize(img, edges), 0).astype(int)
  nz, ny, nx = levels.shape
  with open(f'{OUT}/{name}.txt', 'w') as f:
    f.write(f'{nx} {ny} {nz} {float(spacing[0])!r} {float(spacing[1])!r} {float(spacing[2])!r}\n')
    for z in range(nz):
      f.write(' '.join(str(v) for v in levels[z].ravel()) + '\n')
  print(name, levels.shape, 'voxels', int(msk.sum()), 'levels', np.unique(levels[msk]))


phantom, sp = read_nifti(f'{REF}/ibsi-digital-phantom/phantom.nii.gz')
pmask, _ = read_nifti(f'{REF}/ibsi-digital-phantom/mask.nii.gz')
write('ibsi-digital-phantom/phantom-levels', phantom, pmask > 0, sp, 1.0)
brain, bsp = read_nrrd(f'{REF}/pyradiomics-brain1/brain1_image.nrrd')
blabel, _ = read_nrrd(f'{REF}/pyradiomics-brain1/brain1_label.nrrd')
write('pyradiomics-brain1/brain1-levels-bw25', brain, blabel == 1, bsp, 25.0)
write('pyradiomics-brain1/brain1-levels-bc64', brain, blabel == 1, bsp, bin_count=64)

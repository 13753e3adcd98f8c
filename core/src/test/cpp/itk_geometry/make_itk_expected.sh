#!/bin/sh
# Regenerates core/src/test/resources/itk/itk_expected.json with ITK itself (Debian's ITK 5.2):
#   apt-get install -y libinsighttoolkit5-dev g++ cmake make
#   sh core/src/test/cpp/itk_geometry/make_itk_expected.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
res="$here/../../resources"
build=$(mktemp -d)
(cd "$build" && cmake "$here" -DCMAKE_BUILD_TYPE=Release > /dev/null && make > /dev/null)
cd "$res"
mkdir -p itk
files=$(ls nifti/*.nii nifti/*.nii.gz nifti/pair.hdr nifti/pair_gz.img.gz | grep -v real_4d)
"$build/itk_geometry" $files \
  reference/ibsi-digital-phantom/phantom.nii.gz reference/ibsi-digital-phantom/mask.nii.gz \
  reference/pyradiomics-brain1/brain1_image.nrrd reference/pyradiomics-brain1/brain1_label.nrrd \
  nrrd/*.nrrd nrrd/*.nhdr nifti/real_4d.nii.gz > itk/itk_expected.json
rm -rf "$build"

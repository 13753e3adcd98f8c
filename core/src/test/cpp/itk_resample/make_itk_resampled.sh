#!/bin/sh
# Regenerates core/src/test/resources/itk-resample/ with ITK itself (Debian's ITK 5.2):
#   apt-get install -y libinsighttoolkit5-dev g++ cmake make
#   sh core/src/test/cpp/itk_resample/make_itk_resampled.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
res="$here/../../resources"
build=$(mktemp -d)
(cd "$build" && cmake "$here" -DCMAKE_BUILD_TYPE=Release > /dev/null && make > /dev/null)
mkdir -p "$res/itk-resample"
brain="$res/reference/pyradiomics-brain1"
"$build/itk_resample" "$brain/brain1_image.nrrd" "$brain/brain1_label.nrrd" 2 2 2 \
  "$res/itk-resample/brain1_2x2x2"
"$build/itk_resample" "$brain/brain1_image.nrrd" "$brain/brain1_label.nrrd" 1 1 4 \
  "$res/itk-resample/brain1_1x1x4"
rm -rf "$build"

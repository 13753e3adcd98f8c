// Oracle for DeltaRad's Resampler: resamples brain1 with ITK's own ResampleImageFilter on
// PyRadiomics' resampling grid (imageoperations.resampleImage: bounding box + padDistance 5,
// origin at .5 (new - old) / old + lower / ratio) and writes the results as NRRD:
//   <out>_<interp>_short.nrrd   image kept as short, as SimpleITK keeps the pixel type
//   <out>_<interp>_double.nrrd  image as double after f * 100 / mean(f)
//   <out>_mask.nrrd             label 1 mask, nearest neighbour
// Usage: itk_resample image.nrrd label.nrrd sx sy sz out_prefix
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include "itkImage.h"
#include "itkImageFileReader.h"
#include "itkImageFileWriter.h"
#include "itkResampleImageFilter.h"
#include "itkIdentityTransform.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkNearestNeighborInterpolateImageFunction.h"
#include "itkBSplineInterpolateImageFunction.h"
#include "itkImageRegionIterator.h"

using ShortImage = itk::Image<short, 3>;
using IntImage = itk::Image<int, 3>;
using DoubleImage = itk::Image<double, 3>;
using ByteImage = itk::Image<unsigned char, 3>;

template <typename TImage>
typename TImage::Pointer read(const char * file) {
  auto r = itk::ImageFileReader<TImage>::New();
  r->SetFileName(file);
  r->Update();
  return r->GetOutput();
}

template <typename TImage>
void write(typename TImage::Pointer img, const std::string & file) {
  auto w = itk::ImageFileWriter<TImage>::New();
  w->SetFileName(file);
  w->SetInput(img);
  w->UseCompressionOn();
  w->Update();
}

struct Grid {
  typename ShortImage::SizeType size;
  typename ShortImage::SpacingType spacing;
  typename ShortImage::PointType origin;
  typename ShortImage::DirectionType direction;
};

template <typename TIn, typename TOut>
typename TOut::Pointer resample(typename TIn::Pointer in, const Grid & g,
    typename itk::InterpolateImageFunction<TIn, double>::Pointer interp) {
  auto f = itk::ResampleImageFilter<TIn, TOut>::New();
  f->SetInput(in);
  f->SetTransform(itk::IdentityTransform<double, 3>::New());
  f->SetInterpolator(interp);
  f->SetSize(g.size);
  f->SetOutputSpacing(g.spacing);
  f->SetOutputOrigin(g.origin);
  f->SetOutputDirection(g.direction);
  f->SetDefaultPixelValue(0);
  f->Update();
  return f->GetOutput();
}

int main(int argc, char ** argv) {
  if (argc != 7) {
    std::cerr << "usage: itk_resample image.nrrd label.nrrd sx sy sz out_prefix\n";
    return 2;
  }
  auto image = read<ShortImage>(argv[1]);
  auto label = read<IntImage>(argv[2]);
  double requested[3] = {std::atof(argv[3]), std::atof(argv[4]), std::atof(argv[5])};
  std::string out = argv[6];

  // binary mask and its bounding box
  auto mask = ByteImage::New();
  mask->CopyInformation(label);
  mask->SetRegions(label->GetLargestPossibleRegion());
  mask->Allocate();
  long lo[3] = {1L << 30, 1L << 30, 1L << 30};
  long hi[3] = {-1, -1, -1};
  itk::ImageRegionIterator<IntImage> li(label, label->GetLargestPossibleRegion());
  itk::ImageRegionIterator<ByteImage> mi(mask, mask->GetLargestPossibleRegion());
  for (; !li.IsAtEnd(); ++li, ++mi) {
    bool in = li.Get() == 1;
    mi.Set(in ? 1 : 0);
    if (in) {
      auto idx = li.GetIndex();
      for (int d = 0; d < 3; ++d) {
        lo[d] = std::min(lo[d], (long) idx[d]);
        hi[d] = std::max(hi[d], (long) idx[d]);
      }
    }
  }
  Grid g;
  g.direction = label->GetDirection();
  itk::ContinuousIndex<double, 3> originIndex;
  auto size = label->GetLargestPossibleRegion().GetSize();
  for (int d = 0; d < 3; ++d) {
    double old = label->GetSpacing()[d];
    double sp = requested[d] == 0 || hi[d] == lo[d] ? old : requested[d];
    double ratio = old / sp;
    double lower = std::floor((lo[d] - 0.5) * ratio - 5);
    double upper = std::ceil((hi[d] + 1 - 0.5) * ratio + 5);
    double maxUpper = std::ceil(size[d] * ratio) - 1;
    lower = lower < 0 ? 0 : lower;
    upper = upper > maxUpper ? maxUpper : upper;
    g.size[d] = (long) (upper - lower + 1);
    g.spacing[d] = sp;
    originIndex[d] = .5 * (sp - old) / old + lower / ratio;
  }
  label->TransformContinuousIndexToPhysicalPoint(originIndex, g.origin);

  // f * 100 / mean(f) as double
  auto dimage = DoubleImage::New();
  dimage->CopyInformation(image);
  dimage->SetRegions(image->GetLargestPossibleRegion());
  dimage->Allocate();
  double sum = 0;
  long n = 0;
  itk::ImageRegionIterator<ShortImage> si(image, image->GetLargestPossibleRegion());
  for (; !si.IsAtEnd(); ++si, ++n) {
    sum += si.Get();
  }
  double mean = sum / n;
  itk::ImageRegionIterator<DoubleImage> di(dimage, dimage->GetLargestPossibleRegion());
  for (si.GoToBegin(); !si.IsAtEnd(); ++si, ++di) {
    di.Set(si.Get() * 100.0 / mean);
  }

  write<ShortImage>(resample<ShortImage, ShortImage>(image, g,
      itk::LinearInterpolateImageFunction<ShortImage, double>::New().GetPointer()),
      out + "_linear_short.nrrd");
  write<ShortImage>(resample<ShortImage, ShortImage>(image, g,
      itk::NearestNeighborInterpolateImageFunction<ShortImage, double>::New().GetPointer()),
      out + "_nearest_short.nrrd");
  write<ShortImage>(resample<ShortImage, ShortImage>(image, g,
      itk::BSplineInterpolateImageFunction<ShortImage, double, double>::New().GetPointer()),
      out + "_bspline_short.nrrd");
  write<DoubleImage>(resample<DoubleImage, DoubleImage>(dimage, g,
      itk::LinearInterpolateImageFunction<DoubleImage, double>::New().GetPointer()),
      out + "_linear_double.nrrd");
  write<DoubleImage>(resample<DoubleImage, DoubleImage>(dimage, g,
      itk::BSplineInterpolateImageFunction<DoubleImage, double, double>::New().GetPointer()),
      out + "_bspline_double.nrrd");
  write<ByteImage>(resample<ByteImage, ByteImage>(mask, g,
      itk::NearestNeighborInterpolateImageFunction<ByteImage, double>::New().GetPointer()),
      out + "_mask.nrrd");
  return 0;
}

// Prints, as JSON, what ITK's image readers (the library under SimpleITK and so PyRadiomics)
// report for each file given: size, spacing, origin, direction and voxel values.
// core/src/test/resources/itk/itk_expected.json is this program's output on the test fixtures;
// see make_itk_expected.sh beside this file.
#include "itkImage.h"
#include "itkImageFileReader.h"

#include <cstdio>
#include <string>

int main(int argc, char * argv[])
{
  using ImageType = itk::Image<double, 3>;
  std::printf("[\n");
  for (int a = 1; a < argc; ++a)
  {
    auto reader = itk::ImageFileReader<ImageType>::New();
    reader->SetFileName(argv[a]);
    std::printf("%s{\"file\": \"%s\"", a > 1 ? ",\n" : "", argv[a]);
    try
    {
      reader->Update();
    }
    catch (const itk::ExceptionObject &)
    {
      std::printf(", \"error\": true}");
      continue;
    }
    ImageType::Pointer img = reader->GetOutput();
    const auto size = img->GetLargestPossibleRegion().GetSize();
    std::printf(", \"size\": [%lu, %lu, %lu]", (unsigned long)size[0], (unsigned long)size[1],
                (unsigned long)size[2]);
    const auto sp = img->GetSpacing();
    std::printf(", \"spacing\": [%.17g, %.17g, %.17g]", sp[0], sp[1], sp[2]);
    const auto o = img->GetOrigin();
    std::printf(", \"origin\": [%.17g, %.17g, %.17g]", o[0], o[1], o[2]);
    const auto d = img->GetDirection();
    std::printf(", \"direction\": [");
    for (unsigned r = 0; r < 3; ++r)
      for (unsigned c = 0; c < 3; ++c)
        std::printf("%s%.17g", r + c > 0 ? ", " : "", d[r][c]);
    std::printf("]");
    const double * buf = img->GetBufferPointer();
    const size_t n = img->GetLargestPossibleRegion().GetNumberOfPixels();
    double sum = 0;
    for (size_t i = 0; i < n; ++i)
      sum += buf[i];
    std::printf(", \"sum\": %.17g, \"values\": [", sum);
    const size_t shown = n < 64 ? n : 64;
    for (size_t i = 0; i < shown; ++i)
      std::printf("%s%.17g", i > 0 ? ", " : "", buf[i]);
    std::printf("]}");
  }
  std::printf("\n]\n");
  return 0;
}

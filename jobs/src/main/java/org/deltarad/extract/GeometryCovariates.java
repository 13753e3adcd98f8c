package org.deltarad.extract;

import org.deltarad.image.Image3D;

/**
 * Acquisition geometry covariates from the image header, for harmonization.
 *
 * <ul>
 *   <li>{@code voxel_volume_mm3} = sx * sy * sz;
 *   <li>{@code anisotropy} = max(sx, sy, sz) / min(sx, sy, sz) (1 for isotropic voxels);
 *   <li>{@code fov_x_mm} = nx * sx and {@code fov_y_mm} = ny * sy: the in-plane field of view,
 *       taking the third voxel axis as the slice direction (true for the axial/oblique T2w stacks
 *       the study uses; for other acquisitions read it as the extent along voxel axes 1 and 2).
 * </ul>
 * Spacings are the header's voxel spacings in mm, not the slice thickness of the sidecar.
 */
public record GeometryCovariates(double spacingX, double spacingY, double spacingZ,
    double voxelVolume, double anisotropy, double fovX, double fovY) {

  public static GeometryCovariates of(Image3D image) {
    double[] s = image.spacing();
    double max = Math.max(s[0], Math.max(s[1], s[2]));
    double min = Math.min(s[0], Math.min(s[1], s[2]));
    return new GeometryCovariates(s[0], s[1], s[2], s[0] * s[1] * s[2], max / min,
        image.nx() * s[0], image.ny() * s[1]);
  }
}

package org.deltarad.features;

/**
 * A voxel neighbourhood in the bounding box: the offsets of {@link TextureSupport#angles} in both
 * directions, as flat index steps, with a bounds test that is skipped for voxels far enough from
 * the box faces.
 */
final class Neighbours {
  final int count;
  final int[] dz;
  final int[] dy;
  final int[] dx;
  final int[] delta;
  private final int reach;
  private final int nx;
  private final int ny;
  private final int nz;

  Neighbours(int[] distances, int nx, int ny, int nz) {
    int[][] angles = TextureSupport.angles(distances, true, nx, ny, nz);
    count = angles.length;
    dz = new int[count];
    dy = new int[count];
    dx = new int[count];
    delta = new int[count];
    int r = 0;
    for (int a = 0; a < count; a++) {
      dz[a] = angles[a][0];
      dy[a] = angles[a][1];
      dx[a] = angles[a][2];
      delta[a] = dx[a] + nx * (dy[a] + ny * dz[a]);
      r = Math.max(r, Math.max(Math.abs(dz[a]), Math.max(Math.abs(dy[a]), Math.abs(dx[a]))));
    }
    reach = r;
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
  }

  /** True if every neighbour of (x, y, z) lies in the box. */
  boolean interior(int x, int y, int z) {
    return x >= reach && x < nx - reach && y >= reach && y < ny - reach && z >= reach
        && z < nz - reach;
  }

  /** True if neighbour a of (x, y, z) lies in the box. */
  boolean inside(int a, int x, int y, int z) {
    int xx = x + dx[a];
    int yy = y + dy[a];
    int zz = z + dz[a];
    return xx >= 0 && xx < nx && yy >= 0 && yy < ny && zz >= 0 && zz < nz;
  }
}

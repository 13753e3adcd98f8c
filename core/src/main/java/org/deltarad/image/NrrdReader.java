package org.deltarad.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads scalar 3-D NRRD images: attached ({@code .nrrd}) and detached ({@code .nhdr} plus a
 * data file) headers; raw, gzip, ascii and hex encodings; every scalar type and its aliases;
 * either endianness; {@code line skip}/{@code byte skip}.
 *
 * <p>Written by hand (no Java NRRD library is published) after the NRRD format
 * specification, with ITK's NrrdImageIO semantics for geometry: with a {@code space}, spacing
 * is the length of each {@code space directions} vector and the direction its unit vector;
 * right-anterior-superior negates the first two coordinates to get LPS, left-anterior-superior
 * the second (ITK negates the first there, which is a bug; such files are rare);
 * {@code space origin} is the origin. Without a space, {@code spacings} (else 1) give spacing
 * with identity direction, a negative spacing negating its column (ITK's ImageFileReader flip);
 * the origin is teem's nrrdOriginCalculate: {@code axis mins} (cell-centred unless
 * {@code centers} says node) plus half the spacing, or of {@code (max - min) / size} without
 * one; zero on every axis unless each axis has a min and a spacing or max. Field names without
 * their space ({@code spaceorigin}, {@code axismins}, ...) are accepted as teem does. A range
 * axis ({@code kinds} other than domain/space/time) of size 1 is dropped; vector, colour or 4-D images are rejected with a clear message.
 */
public final class NrrdReader {
  private static final int MAX_LINE = 1 << 16;
  private static final int MAX_HEADER_LINES = 4096;

  private NrrdReader() {}

  public static Image3D read(String uri) throws IOException {
    return read(uri, ImageFiles.defaultConf());
  }

  public static Image3D read(String uri, Configuration conf) throws IOException {
    return read(uri, FileOpener.of(conf));
  }

  static Image3D read(String uri, FileOpener files) throws IOException {
    try (InputStream in = files.open(uri)) {
      Header h = readHeader(in, uri);
      Geometry g = geometry(h, uri);
      String dataFile = h.get("data file");
      if (dataFile == null) {
        if (ImageFiles.lowerName(uri).endsWith(".nhdr")) {
          throw new ImageIoException(uri, "detached header (.nhdr) has no 'data file' field");
        }
        return readData(in, h, g, uri, uri);
      }
      String dataUri = resolve(uri, dataFile, files.dataFilesAnywhere());
      try (InputStream din = files.open(dataUri)) {
        return readData(din, h, g, dataUri, uri);
      }
    }
  }

  /** The voxel block's shape from the header alone. */
  static VolumeShape shape(String uri, FileOpener files) throws IOException {
    try (InputStream in = files.open(uri)) {
      Geometry g = geometry(readHeader(in, uri), uri);
      return new VolumeShape(g.nx, g.ny, g.nz, g.type, false, g.encoding.equals("ascii"),
          g.warnings);
    }
  }

  /**
   * The data file's URI: absolute as given, otherwise relative to the header's directory. Unless
   * {@code anywhere}, it must lie in the header's directory or below (after resolving
   * {@code ..}): a header from an uploaded study must not make an executor read any file its
   * account can read. Symbolic links inside the directory are followed as they are.
   */
  static String resolve(String headerUri, String dataFile, boolean anywhere)
      throws ImageIoException {
    String f = dataFile.trim();
    if (f.equals("LIST") || f.contains("%") || f.split("\\s+").length > 1) {
      throw new ImageIoException(headerUri, "multi-file data ('data file: " + f
          + "') is not supported");
    }
    Path parent = ImageFiles.toPath(headerUri).getParent();
    String resolved;
    if (f.startsWith("/") || f.contains("://")) {
      resolved = f;
    } else {
      resolved = parent == null ? f : new Path(parent, f).toString();
    }
    if (!anywhere && !inside(parent, ImageFiles.toPath(resolved))) {
      throw new ImageIoException(headerUri, "data file '" + shorten(f) + "' lies outside the "
          + "header's directory" + (parent == null ? "" : " " + parent) + "; set "
          + FileOpener.NRRD_DATA_ANYWHERE + "=true (spark.hadoop." + FileOpener.NRRD_DATA_ANYWHERE
          + " in Spark) to allow it");
    }
    return resolved;
  }

  /** Whether {@code p} (normalised: Hadoop paths resolve {@code ..}) lies under {@code dir}. */
  private static boolean inside(Path dir, Path p) {
    if (dir == null) {
      return !p.isAbsolute() && !p.toUri().getPath().startsWith("..");
    }
    java.net.URI d = dir.toUri();
    java.net.URI u = p.toUri();
    if (u.getScheme() != null && d.getScheme() != null && !u.getScheme().equals(d.getScheme())
        || u.getAuthority() != null && !u.getAuthority().equals(d.getAuthority())) {
      return false;
    }
    String dp = d.getPath().endsWith("/") ? d.getPath() : d.getPath() + "/";
    return u.getPath().startsWith(dp) && !u.getPath().contains("/../");
  }

  // ---------------------------------------------------------------- header

  /** Fields by lower-case name (aliases folded), in the order read. */
  static final class Header {
    final Map<String, String> fields = new HashMap<>();
    final String version;

    Header(String version) {
      this.version = version;
    }

    String get(String field) {
      return fields.get(field);
    }
  }

  private static final Map<String, String> ALIASES = new HashMap<>();

  static {
    ALIASES.put("datafile", "data file");
    ALIASES.put("lineskip", "line skip");
    ALIASES.put("byteskip", "byte skip");
    ALIASES.put("centerings", "centers");
    ALIASES.put("oldmin", "old min");
    ALIASES.put("oldmax", "old max");
    // the rest of teem's fieldStrEqv (enumsNrrd.c)
    ALIASES.put("blocksize", "block size");
    ALIASES.put("spacedimension", "space dimension");
    ALIASES.put("axismins", "axis mins");
    ALIASES.put("axismaxs", "axis maxs");
    ALIASES.put("spacedirections", "space directions");
    ALIASES.put("sampleunits", "sample units");
    ALIASES.put("spaceunits", "space units");
    ALIASES.put("spaceorigin", "space origin");
    ALIASES.put("measurementframe", "measurement frame");
  }

  static Header readHeader(InputStream in, String name) throws IOException {
    String first = readLine(in, name, 1);
    if (first == null || !first.matches("NRRD000[1-9]")) {
      throw new ImageIoException(name, "not a NRRD file: first line is '"
          + shorten(first == null ? "" : first) + "' (expected the NRRD000n magic)");
    }
    Header h = new Header(first);
    for (int lineNo = 2; ; lineNo++) {
      if (lineNo > MAX_HEADER_LINES) {
        throw new ImageIoException(name, "header has more than " + MAX_HEADER_LINES
            + " lines without the blank line that ends it");
      }
      String line = readLine(in, name, lineNo);
      if (line == null || line.isEmpty()) {
        break; // blank line: data follows (attached); end of file: detached header
      }
      if (line.startsWith("#")) {
        continue;
      }
      int kv = line.indexOf(":=");
      int colon = line.indexOf(": ");
      if (kv >= 0 && (colon < 0 || kv < colon)) {
        continue; // key/value pair: metadata, not geometry
      }
      if (colon <= 0) {
        throw new ImageIoException(name, "malformed header line " + lineNo + ": '"
            + shorten(line) + "' (expected 'field: value')");
      }
      String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      field = ALIASES.getOrDefault(field, field);
      String value = line.substring(colon + 2).trim();
      if (field.equals("data file") && value.startsWith("LIST")) {
        // The file names follow as lines of their own; no header lines after them.
        throw new ImageIoException(name, "multi-file data ('data file: LIST') is not supported");
      }
      if (h.fields.put(field, value) != null) {
        throw new ImageIoException(name, "field '" + field + "' appears twice in the header");
      }
    }
    return h;
  }

  /** One header line (CR/LF stripped), or null at end of stream; Latin-1, bounded length. */
  private static String readLine(InputStream in, String name, int lineNo) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(80);
    int c;
    boolean any = false;
    while ((c = in.read()) >= 0) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (buf.size() >= MAX_LINE) {
        throw new ImageIoException(name, "header line " + lineNo + " is longer than "
            + MAX_LINE + " bytes (binary data where a header was expected?)");
      }
      buf.write(c);
    }
    if (!any) {
      return null;
    }
    String s = buf.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static String shorten(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 40; i++) {
      char c = s.charAt(i);
      sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return s.length() > 40 ? sb + "..." : sb.toString();
  }

  // -------------------------------------------------------------- geometry

  /** Everything about the voxel block and its placement, checked. */
  static final class Geometry {
    long[] sizes;
    NiftiDatatype type;
    ByteOrder order;
    String encoding;
    int nx;
    int ny;
    int nz;
    double[] spacing = {1, 1, 1};
    double[] origin = new double[3];
    double[] direction = Image3D.identity();
    /** Fields set but ignored (see {@link VolumeShape#warnings()}). */
    final List<String> warnings = new ArrayList<>();

    int count() { return nx * ny * nz; }

    Image3D image(double[] v, String source) {
      return new Image3D(nx, ny, nz, v, spacing, origin, direction, source);
    }

    /** The decoded bytes as an image: 16-bit integers when they fit (see VoxelCodec). */
    Image3D image(byte[] data, String source) {
      VoxelCodec.Shorts shorts = VoxelCodec.decodeShorts(data, 0, count(), type, order);
      return shorts != null ? new Image3D(nx, ny, nz, shorts, spacing, origin, direction, source)
          : image(VoxelCodec.decode(data, 0, count(), type, order), source);
    }

    String describe() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < sizes.length; i++) {
        sb.append(i > 0 ? "x" : "").append(sizes[i]);
      }
      return sb + " " + type.label() + " (" + (long) count() * type.bytes() + " bytes)";
    }
  }

  private static final Map<String, NiftiDatatype> TYPES = new HashMap<>();

  static {
    for (String s : new String[] {"signed char", "char", "int8", "int8_t"}) {
      TYPES.put(s, NiftiDatatype.INT8);
    }
    for (String s : new String[] {"uchar", "unsigned char", "uint8", "uint8_t"}) {
      TYPES.put(s, NiftiDatatype.UINT8);
    }
    for (String s : new String[] {"short", "short int", "signed short", "signed short int",
        "int16", "int16_t"}) {
      TYPES.put(s, NiftiDatatype.INT16);
    }
    for (String s : new String[] {"ushort", "unsigned short", "unsigned short int", "uint16",
        "uint16_t"}) {
      TYPES.put(s, NiftiDatatype.UINT16);
    }
    for (String s : new String[] {"int", "signed int", "int32", "int32_t"}) {
      TYPES.put(s, NiftiDatatype.INT32);
    }
    for (String s : new String[] {"uint", "unsigned int", "uint32", "uint32_t"}) {
      TYPES.put(s, NiftiDatatype.UINT32);
    }
    for (String s : new String[] {"longlong", "long long", "long long int", "signed long long",
        "signed long long int", "int64", "int64_t"}) {
      TYPES.put(s, NiftiDatatype.INT64);
    }
    for (String s : new String[] {"ulonglong", "unsigned long long", "unsigned long long int",
        "uint64", "uint64_t"}) {
      TYPES.put(s, NiftiDatatype.UINT64);
    }
    TYPES.put("float", NiftiDatatype.FLOAT32);
    TYPES.put("double", NiftiDatatype.FLOAT64);
  }

  /** Space name -> {space dimension, sign of x, sign of y} to reach LPS. */
  private static final Map<String, int[]> SPACES = new HashMap<>();

  static {
    int[] ras = {3, -1, -1};
    int[] las = {3, 1, -1};
    int[] lps = {3, 1, 1};
    SPACES.put("right-anterior-superior", ras);
    SPACES.put("ras", ras);
    SPACES.put("left-anterior-superior", las);
    SPACES.put("las", las);
    SPACES.put("left-posterior-superior", lps);
    SPACES.put("lps", lps);
    // No anatomical meaning: taken as is (ITK does the same).
    SPACES.put("scanner-xyz", lps);
    SPACES.put("3d-right-handed", lps);
    SPACES.put("3d-left-handed", lps);
  }

  static Geometry geometry(Header h, String name) throws ImageIoException {
    Geometry g = new Geometry();
    String dimension = require(h, "dimension", name);
    int dim = parseInt(dimension, "dimension", name);
    if (dim < 1 || dim > 16) {
      throw new ImageIoException(name, "invalid dimension " + dim);
    }
    String sizes = require(h, "sizes", name);
    String[] st = sizes.trim().split("\\s+");
    if (st.length != dim) {
      throw new ImageIoException(name, "'sizes' has " + st.length + " values but dimension is "
          + dim);
    }
    g.sizes = new long[dim];
    for (int i = 0; i < dim; i++) {
      g.sizes[i] = parseLong(st[i], "sizes", name);
      if (g.sizes[i] < 1) {
        throw new ImageIoException(name, "invalid size " + g.sizes[i] + " on axis " + i);
      }
    }
    String type = require(h, "type", name).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    g.type = TYPES.get(type);
    if (g.type == null) {
      throw new ImageIoException(name, "unsupported NRRD type '" + type + "'");
    }
    String enc = require(h, "encoding", name).toLowerCase(Locale.ROOT);
    switch (enc) {
      case "raw": g.encoding = "raw"; break;
      case "gzip":
      case "gz": g.encoding = "gzip"; break;
      case "ascii":
      case "text":
      case "txt": g.encoding = "ascii"; break;
      case "hex": g.encoding = "hex"; break;
      default:
        throw new ImageIoException(name, "unsupported NRRD encoding '" + enc + "'");
    }
    String endian = h.get("endian");
    if (endian != null) {
      switch (endian.toLowerCase(Locale.ROOT)) {
        case "little": g.order = ByteOrder.LITTLE_ENDIAN; break;
        case "big": g.order = ByteOrder.BIG_ENDIAN; break;
        default: throw new ImageIoException(name, "invalid endian '" + endian + "'");
      }
    } else if (g.type.bytes() > 1 && !g.encoding.equals("ascii")) {
      throw new ImageIoException(name, "missing 'endian' field (needed for " + type + " data)");
    } else {
      g.order = ByteOrder.LITTLE_ENDIAN;
    }

    // Domain (spatial) versus range (per-voxel component) axes.
    String[] kinds = perAxis(h, "kinds", dim, name);
    List<Integer> domain = new ArrayList<>();
    for (int i = 0; i < dim; i++) {
      String k = kinds == null ? "???" : kinds[i].toLowerCase(Locale.ROOT);
      boolean isDomain = k.equals("domain") || k.equals("space") || k.equals("time")
          || k.equals("???") || k.equals("none");
      if (isDomain) {
        domain.add(i);
      } else if (g.sizes[i] > 1) {
        throw new ImageIoException(name, "multi-component image (axis " + i + " is '" + k
            + "' with " + g.sizes[i] + " components) is not supported");
      }
    }
    // Trailing domain axes of size 1 are dropped, as for NIfTI.
    while (domain.size() > 3 && g.sizes[domain.get(domain.size() - 1)] == 1) {
      domain.remove(domain.size() - 1);
    }
    if (domain.size() > 3) {
      long volumes = 1;
      for (int i = 3; i < domain.size(); i++) {
        volumes *= g.sizes[domain.get(i)];
      }
      throw new ImageIoException(name, domain.size() + "-D image (" + volumes
          + " volumes) is not supported");
    }
    if (domain.isEmpty()) {
      throw new ImageIoException(name, "no spatial axis (kinds: " + h.get("kinds") + ")");
    }
    long[] n = {1, 1, 1};
    for (int a = 0; a < domain.size(); a++) {
      n[a] = g.sizes[domain.get(a)];
    }
    ImageStreams.checkSize(n[0], n[1], n[2], g.type, name);
    g.nx = (int) n[0];
    g.ny = (int) n[1];
    g.nz = (int) n[2];

    String space = h.get("space");
    String spaceDimField = h.get("space dimension");
    if (space != null && spaceDimField != null) {
      throw new ImageIoException(name, "both 'space' and 'space dimension' given");
    }
    int spaceDim = 0;
    int[] flip = {0, 1, 1};
    if (space != null) {
      flip = SPACES.get(space.toLowerCase(Locale.ROOT));
      if (flip == null) {
        throw new ImageIoException(name, "unsupported space '" + space + "'");
      }
      spaceDim = flip[0];
    } else if (spaceDimField != null) {
      spaceDim = parseInt(spaceDimField, "space dimension", name);
      if (spaceDim < 1 || spaceDim > 3) {
        throw new ImageIoException(name, "unsupported space dimension " + spaceDim);
      }
    }

    if (spaceDim > 0) {
      if (spaceDim != domain.size()) {
        throw new ImageIoException(name, "space dimension " + spaceDim + " does not match the "
            + domain.size() + " spatial axes");
      }
      String[] spacings = perAxis(h, "spacings", dim, name);
      if (spacings != null) {
        for (int i : domain) {
          if (!parseDouble(spacings[i], "spacings", name).isNaN()) {
            throw new ImageIoException(name, "both 'spacings' and 'space directions' given");
          }
        }
      }
      String dirs = require(h, "space directions", name);
      List<String> vecs = vectors(dirs, name, "space directions");
      if (vecs.size() != dim) {
        throw new ImageIoException(name, "'space directions' has " + vecs.size()
            + " entries but dimension is " + dim);
      }
      double[] dir = new double[9];
      for (int a = 0; a < 3; a++) {
        dir[4 * a] = 1; // identity for axes a 2-D image does not have
      }
      for (int a = 0; a < domain.size(); a++) {
        String vec = vecs.get(domain.get(a));
        if (vec.equals("none")) {
          throw new ImageIoException(name, "space direction of spatial axis " + domain.get(a)
              + " is 'none'");
        }
        double[] v = vector(vec, spaceDim, name, "space directions");
        double len = 0;
        for (double x : v) {
          len += x * x;
        }
        len = Math.sqrt(len);
        if (!(len > 0) || Double.isInfinite(len)) {
          throw new ImageIoException(name, "space direction of axis " + domain.get(a)
              + " is zero or not finite: " + vec);
        }
        g.spacing[a] = len;
        for (int c = 0; c < 3; c++) {
          double comp = c < spaceDim ? v[c] / len : (c == a ? 1 : 0);
          if (c == 0) {
            comp *= flip[1];
          } else if (c == 1) {
            comp *= flip[2];
          }
          dir[3 * c + a] = comp;
        }
      }
      g.direction = dir;
      String so = h.get("space origin");
      if (so != null) {
        double[] o = vector(so.trim(), spaceDim, name, "space origin");
        boolean finite = true;
        for (double x : o) {
          finite &= Double.isFinite(x);
        }
        if (finite) {
          for (int c = 0; c < spaceDim; c++) {
            g.origin[c] = o[c];
          }
          g.origin[0] *= flip[1];
          g.origin[1] *= flip[2];
        } else {
          g.warnings.add("space origin " + shorten(so.trim()) + " is not finite: origin 0 "
              + "assumed");
        }
      }
    } else {
      if (h.get("space directions") != null || h.get("space origin") != null) {
        throw new ImageIoException(name, "'space directions'/'space origin' given without "
            + "'space' or 'space dimension'");
      }
      String[] spacings = perAxis(h, "spacings", dim, name);
      String[] mins = perAxis(h, "axis mins", dim, name);
      String[] maxs = perAxis(h, "axis maxs", dim, name);
      String[] centers = perAxis(h, "centers", dim, name);
      double[] origin = new double[3];
      boolean originOkay = true;
      for (int a = 0; a < domain.size(); a++) {
        int ax = domain.get(a);
        double sp = spacings == null ? Double.NaN : parseDouble(spacings[ax], "spacings", name);
        if (spacings != null && (!Double.isFinite(sp) || sp == 0)) {
          // teem reads NaN as "unknown" and ITK then takes 1 mm: an invented spacing, refused
          throw new ImageIoException(name, "invalid spacing '" + spacings[ax] + "' of axis " + ax
              + " in 'spacings' (must be finite and non-zero)");
        }
        if (Double.isFinite(sp)) {
          g.spacing[a] = Math.abs(sp);
          if (sp < 0) {
            // NrrdImageIO sets the negative spacing (nrrdSpacingStatusScalarNoSpace);
            // itk::ImageFileReader makes it positive and negates that direction column.
            for (int c = 0; c < 3; c++) {
              g.direction[3 * c + a] = -g.direction[3 * c + a];
            }
          }
        }
        double min = mins == null ? Double.NaN : parseDouble(mins[ax], "axis mins", name);
        double max = maxs == null ? Double.NaN : parseDouble(maxs[ax], "axis maxs", name);
        boolean cell = centers == null || !centers[ax].equalsIgnoreCase("node");
        origin[a] = originOf(min, max, sp, g.sizes[ax], cell);
        originOkay &= Double.isFinite(origin[a]);
      }
      if (originOkay) {
        g.origin = origin;
      }
    }
    return g;
  }

  /**
   * One axis of teem's nrrdOriginCalculate (simple.c), which ITK's NrrdImageIO calls with a
   * cell default centre: the spacing when known, else {@code (max - min) / denom}; half a step
   * added for cell centring. NaN when the axis has no min, or neither spacing nor max; teem then
   * reports NoMin/NoMaxOrSpacing for the whole image and ITK keeps the origin at 0 on every axis.
   */
  static double originOf(double min, double max, double spacing, long size, boolean cell) {
    if (!Double.isFinite(min)) {
      return Double.NaN;
    }
    double step;
    if (Double.isFinite(spacing)) {
      step = spacing;
    } else if (Double.isFinite(max)) {
      step = (max - min) / (cell ? size : size - 1);
    } else {
      return Double.NaN;
    }
    return min + (cell ? step / 2 : 0);
  }

  private static String require(Header h, String field, String name) throws ImageIoException {
    String v = h.get(field);
    if (v == null || v.isEmpty()) {
      throw new ImageIoException(name, "missing required field '" + field + "'");
    }
    return v;
  }

  private static String[] perAxis(Header h, String field, int dim, String name)
      throws ImageIoException {
    String v = h.get(field);
    if (v == null) {
      return null;
    }
    String[] parts = v.trim().split("\\s+");
    if (parts.length != dim) {
      throw new ImageIoException(name, "'" + field + "' has " + parts.length
          + " values but dimension is " + dim);
    }
    return parts;
  }

  /** Splits "(a,b,c) none (d,e,f)" into its entries. */
  private static List<String> vectors(String s, String name, String field)
      throws ImageIoException {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        int end = s.indexOf(')', i);
        if (end < 0) {
          throw new ImageIoException(name, "unbalanced parenthesis in '" + field + "'");
        }
        out.add(s.substring(i, end + 1));
        i = end + 1;
      } else {
        int end = i;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
          end++;
        }
        String tok = s.substring(i, end);
        if (!tok.equals("none")) {
          throw new ImageIoException(name, "malformed '" + field + "' entry '" + shorten(tok)
              + "'");
        }
        out.add(tok);
        i = end;
      }
    }
    return out;
  }

  private static double[] vector(String s, int n, String name, String field)
      throws ImageIoException {
    if (!s.startsWith("(") || !s.endsWith(")")) {
      throw new ImageIoException(name, "malformed '" + field + "' vector '" + shorten(s) + "'");
    }
    String[] parts = s.substring(1, s.length() - 1).split(",");
    if (parts.length != n) {
      throw new ImageIoException(name, "'" + field + "' vector " + s + " has " + parts.length
          + " components, space dimension is " + n);
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = parseDouble(parts[i], field, name);
    }
    return v;
  }

  private static Double parseDouble(String s, String field, String name)
      throws ImageIoException {
    String t = s.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "nan": return Double.NaN;
      case "inf":
      case "+inf": return Double.POSITIVE_INFINITY;
      case "-inf": return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw new ImageIoException(name, "invalid number '" + shorten(s.trim()) + "' in '"
              + field + "'");
        }
    }
  }

  private static int parseInt(String s, String field, String name) throws ImageIoException {
    long v = parseLong(s, field, name);
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new ImageIoException(name, "invalid '" + field + "' " + s);
    }
    return (int) v;
  }

  private static long parseLong(String s, String field, String name) throws ImageIoException {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new ImageIoException(name, "invalid integer '" + shorten(s.trim()) + "' in '"
          + field + "'");
    }
  }

  // ------------------------------------------------------------------ data

  /** The data ({@code name} for errors) as an image named {@code source}. */
  private static Image3D readData(InputStream in, Header h, Geometry g, String name,
      String source) throws IOException {
    long lineSkip = h.get("line skip") == null ? 0 : parseLong(h.get("line skip"), "line skip",
        name);
    long byteSkip = h.get("byte skip") == null ? 0 : parseLong(h.get("byte skip"), "byte skip",
        name);
    if (lineSkip < 0 || byteSkip < -1) {
      throw new ImageIoException(name, "invalid line skip " + lineSkip + " or byte skip "
          + byteSkip);
    }
    for (long i = 0; i < lineSkip; i++) {
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        // skip the line
      }
      if (c < 0) {
        throw new ImageIoException(name, "file ends within the " + lineSkip
            + " lines to skip ('line skip')");
      }
    }
    int count = g.count();
    int bytes = count * g.type.bytes();
    switch (g.encoding) {
      case "raw":
      case "gzip": {
        InputStream src = in;
        byte[] data;
        if (g.encoding.equals("gzip")) {
          src = ImageStreams.gunzip(in, name, byteSkip >= 0 ? byteSkip + bytes : -1);
        }
        if (byteSkip == -1) {
          if (!g.encoding.equals("raw")) {
            throw new ImageIoException(name, "'byte skip: -1' is only allowed with raw encoding");
          }
          byte[] all = src.readAllBytes();
          if (all.length < bytes) {
            throw sizeMismatch(name, all.length, g);
          }
          data = java.util.Arrays.copyOfRange(all, all.length - bytes, all.length);
        } else {
          long skipped = ImageStreams.skipUpTo(src, byteSkip);
          if (skipped < byteSkip) {
            throw new ImageIoException(name, "file ends within the " + byteSkip
                + " bytes to skip ('byte skip')");
          }
          data = ImageStreams.readBlock(src, bytes);
          if (data.length < bytes) {
            throw sizeMismatch(name, data.length, g);
          }
          if (g.encoding.equals("gzip")) {
            ImageStreams.drain(src, name); // verifies the gzip trailer (CRC, length)
          }
        }
        return g.image(data, source);
      }
      case "hex":
        return g.image(hex(in, bytes, name, g), source);
      case "ascii":
        return g.image(ascii(in, count, name, g), source);
      default:
        throw new IllegalStateException(g.encoding);
    }
  }

  private static ImageIoException sizeMismatch(String name, long got, Geometry g) {
    return new ImageIoException(name, "data size " + got + " bytes does not match sizes "
        + g.describe());
  }

  private static byte[] hex(InputStream in, int bytes, String name, Geometry g)
      throws IOException {
    byte[] out = new byte[Math.min(bytes, ImageStreams.FIRST_CHUNK)];
    int n = 0;
    int hi = -1;
    int c;
    while (n < bytes && (c = in.read()) >= 0) {
      if (Character.isWhitespace(c)) {
        continue;
      }
      int d = Character.digit(c, 16);
      if (d < 0) {
        throw new ImageIoException(name, "invalid hex digit '" + (char) c + "' in data");
      }
      if (hi < 0) {
        hi = d;
      } else {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, (int) Math.min(bytes, 2L * out.length));
        }
        out[n++] = (byte) (hi << 4 | d);
        hi = -1;
      }
    }
    if (n < bytes) {
      throw sizeMismatch(name, n, g);
    }
    return out;
  }

  private static double[] ascii(InputStream in, int count, String name, Geometry g)
      throws IOException {
    double[] out = new double[Math.min(count, ImageStreams.FIRST_CHUNK / 8)];
    StringBuilder tok = new StringBuilder();
    int n = 0;
    int c;
    while (n < count) {
      c = in.read();
      boolean sep = c < 0 || Character.isWhitespace(c) || c == ',';
      if (!sep) {
        tok.append((char) c);
        continue;
      }
      if (tok.length() > 0) {
        double v = parseDouble(tok.toString(), "data", name);
        if (g.type.isInteger() && (v != Math.rint(v) || !g.type.holds(v))) {
          throw new ImageIoException(name, "value '" + tok + "' in data is not a valid "
              + g.type.label());
        }
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, (int) Math.min(count, 2L * out.length));
        }
        out[n++] = g.type == NiftiDatatype.FLOAT32 ? (float) v : v;
        tok.setLength(0);
      }
      if (c < 0) {
        break;
      }
    }
    if (n < count) {
      throw new ImageIoException(name, "ascii data has " + n + " values but sizes "
          + g.describe() + " need " + count);
    }
    return out;
  }
}

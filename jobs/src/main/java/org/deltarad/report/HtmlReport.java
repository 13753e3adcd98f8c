package org.deltarad.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Assembles one self-contained HTML page: sections of prose, figures (inline SVG) and tables. */
public final class HtmlReport {
  private final String title;
  private final List<String> parts = new ArrayList<>();

  public HtmlReport(String title) {
    this.title = title;
  }

  public HtmlReport heading(String text) {
    parts.add("<h2>" + Html.escape(text) + "</h2>");
    return this;
  }

  public HtmlReport paragraph(String text) {
    parts.add("<p>" + Html.escape(text) + "</p>");
    return this;
  }

  /** Figures side by side, each with a caption under it. */
  public HtmlReport figures(String caption, List<String> svgs) {
    StringBuilder sb = new StringBuilder("<figure><div class=\"row\">");
    for (String s : svgs) {
      sb.append("<div class=\"cell\">").append(s).append("</div>");
    }
    sb.append("</div><figcaption>").append(Html.escape(caption)).append("</figcaption></figure>");
    parts.add(sb.toString());
    return this;
  }

  public HtmlReport table(String caption, List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder("<table><caption>").append(Html.escape(caption))
        .append("</caption><thead><tr>");
    for (String h : header) {
      sb.append("<th>").append(Html.escape(h)).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (List<String> r : rows) {
      sb.append("<tr>");
      for (String c : r) {
        sb.append("<td>").append(Html.escape(c)).append("</td>");
      }
      sb.append("</tr>");
    }
    sb.append("</tbody></table>");
    parts.add(sb.toString());
    return this;
  }

  public HtmlReport keyValues(String caption, Map<String, String> values) {
    List<List<String>> rows = new ArrayList<>();
    values.forEach((k, v) -> rows.add(List.of(k, v)));
    return table(caption, List.of("Setting", "Value"), rows);
  }

  public String render() {
    StringBuilder sb = new StringBuilder(1 << 16);
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(title)).append("</title><style>")
        .append("body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:1280px;"
            + "color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:32px;"
            + "border-bottom:1px solid #ddd}table{border-collapse:collapse;margin:12px 0;"
            + "font-size:12px}caption{text-align:left;font-weight:bold;padding:4px 0}"
            + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}"
            + "figure{margin:12px 0}.row{display:flex;flex-wrap:wrap;gap:12px}"
            + "figcaption{font-size:12px;color:#444;margin-top:4px}")
        .append("</style></head><body><h1>").append(Html.escape(title)).append("</h1>");
    for (String p : parts) {
      sb.append(p).append('\n');
    }
    return sb.append("</body></html>\n").toString();
  }
}

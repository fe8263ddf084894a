// SVG charts drawn on a fixed canvas with a linear scale; colours from a colour-blind-safe palette
// (Okabe–Ito).
#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "util/html.h"

namespace tradedig::report {
namespace {

const char* const kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};

struct Scale {
  double lo, hi, px_lo, px_hi;
  double operator()(double v) const { return px_lo + (v - lo) / (hi - lo) * (px_hi - px_lo); }
};

// Round tick values covering [lo, hi] (about five of them).
std::vector<double> ticks(double lo, double hi) {
  const double span = hi - lo;
  const double raw = span / 5;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> t;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) t.push_back(std::fabs(v) < 1e-12 * span ? 0 : v);
  return t;
}

std::string num(double v) { return fmt::format("{:.4g}", v); }

// [lo, hi] padded by 8% and always containing zero when `with_zero`.
std::pair<double, double> range(double lo, double hi, bool with_zero) {
  if (with_zero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const double pad = 0.08 * (hi - lo);
  return {lo - pad, hi + pad};
}

std::string open_svg(int width, int height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<title>{2}</title>\n"
      "<text x=\"{3}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n",
      width, height, html_escape(title), width / 2);
}

}  // namespace

std::string coefficient_plot(const std::vector<Interval>& rows, const std::string& title) {
  const int row_h = 26, top = 34, left = 230, right = 30, width = 720;
  const int height = top + row_h * static_cast<int>(std::max<size_t>(rows.size(), 1)) + 40;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& r : rows) {
    lo = std::min({lo, r.low, r.estimate});
    hi = std::max({hi, r.high, r.estimate});
  }
  if (rows.empty()) lo = hi = 0;
  auto [a, b] = range(lo, hi, true);
  Scale x{a, b, static_cast<double>(left), static_cast<double>(width - right)};
  const int axis_y = top + row_h * static_cast<int>(rows.size()) + 6;
  std::string s = open_svg(width, height, title);
  for (double t : ticks(a, b)) {
    s += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#ddd\"/>\n", x(t), top, axis_y);
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x(t), axis_y + 16, num(t));
  }
  s += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n",
                   x(0), top, axis_y);
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double y = top + row_h * (static_cast<double>(i) + 0.5);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n", left - 10, y,
                     html_escape(r.label));
    s += fmt::format("<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" stroke-width=\"2\"/>\n",
                     x(r.low), x(r.high), y, kPalette[0]);
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4.5\" fill=\"{}\"><title>{}: {} [{}, {}]</title></circle>\n",
                     x(r.estimate), y, kPalette[0], html_escape(r.label), num(r.estimate), num(r.low), num(r.high));
  }
  return s + "</svg>\n";
}

std::string event_study_plot(const std::vector<EventPoint>& points, const std::string& title, double reference_period) {
  const int width = 720, height = 360, left = 70, right = 20, top = 34, bottom = 50;
  double xlo = reference_period, xhi = reference_period, lo = 0, hi = 0;
  for (const auto& p : points) {
    xlo = std::min(xlo, p.period);
    xhi = std::max(xhi, p.period);
    lo = std::min({lo, p.low, p.estimate});
    hi = std::max({hi, p.high, p.estimate});
  }
  auto [ya, yb] = range(lo, hi, true);
  Scale x{xlo - 0.5, xhi + 0.5, static_cast<double>(left), static_cast<double>(width - right)};
  Scale y{ya, yb, static_cast<double>(height - bottom), static_cast<double>(top)};
  std::string s = open_svg(width, height, title);
  for (double t : ticks(ya, yb)) {
    s += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>\n", left, width - right, y(t));
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n", left - 6,
                     y(t), num(t));
  }
  s += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n", left,
                   width - right, y(0));
  const double vx = x(reference_period + 0.5);
  s += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#999\"/>\n", vx, top, height - bottom);
  for (double p = std::ceil(xlo); p <= xhi; p += 1)
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x(p), height - bottom + 16, num(p));
  s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">Years relative to treatment</text>\n",
                   (left + width - right) / 2, height - 12);
  std::vector<EventPoint> sorted = points;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.period < b.period; });
  std::string path;
  for (const auto& p : sorted) {
    s += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" stroke-width=\"2\"/>\n",
                     x(p.period), y(p.low), y(p.high), kPalette[0]);
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"><title>{}: {} [{}, {}]</title></circle>\n",
                     x(p.period), y(p.estimate), kPalette[0], num(p.period), num(p.estimate), num(p.low), num(p.high));
    path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", x(p.period), y(p.estimate));
  }
  if (!path.empty()) s += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.5\"/>\n", path, kPalette[0]);
  return s + "</svg>\n";
}

std::string line_chart(const std::vector<Series>& series, const std::string& title, const std::string& y_label) {
  const int width = 720, height = 340, left = 70, right = 170, top = 34, bottom = 44;
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, lo = 0, hi = 0;
  for (const auto& se : series)
    for (const auto& [px, py] : se.points) {
      xlo = std::min(xlo, px);
      xhi = std::max(xhi, px);
      lo = std::min(lo, py);
      hi = std::max(hi, py);
    }
  if (!(xhi >= xlo)) xlo = xhi = 0;
  if (xhi == xlo) {
    xlo -= 1;
    xhi += 1;
  }
  auto [ya, yb] = range(lo, hi, true);
  Scale x{xlo, xhi, static_cast<double>(left), static_cast<double>(width - right)};
  Scale y{ya, yb, static_cast<double>(height - bottom), static_cast<double>(top)};
  std::string s = open_svg(width, height, title);
  for (double t : ticks(ya, yb)) {
    s += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>\n", left, width - right, y(t));
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n", left - 6,
                     y(t), num(t));
  }
  for (double t : ticks(xlo, xhi))
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x(t), height - bottom + 16, num(t));
  s += fmt::format("<text x=\"14\" y=\"{0}\" transform=\"rotate(-90 14 {0})\" text-anchor=\"middle\">{1}</text>\n",
                   (top + height - bottom) / 2, html_escape(y_label));
  for (size_t k = 0; k < series.size(); ++k) {
    const char* colour = kPalette[k % (sizeof(kPalette) / sizeof(kPalette[0]))];
    std::string path;
    for (const auto& [px, py] : series[k].points) {
      path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", x(px), y(py));
      s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{} {}: {}</title></circle>\n", x(px),
                       y(py), colour, html_escape(series[k].name), num(px), num(py));
    }
    s += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", path, colour);
    const int ly = top + 10 + 20 * static_cast<int>(k);
    s += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"3\"/>\n", width - right + 12,
                     width - right + 32, ly, colour);
    s += fmt::format("<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\">{}</text>\n", width - right + 38, ly,
                     html_escape(series[k].name));
  }
  return s + "</svg>\n";
}

}  // namespace tradedig::report

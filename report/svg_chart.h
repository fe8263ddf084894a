// Charts as inline SVG for the HTML report: no scripts, no fonts or files fetched, so the report is
// one self-contained file that renders offline.
//
//   std::string svg = coefficient_plot({{"(1) baseline", 0.0031, 0.0023, 0.0039}, ...}, "lndig across specifications");
//
// Every chart has a <title> and labelled axes; numbers are printed with 4 significant digits.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace tradedig::report {

// One estimate with its confidence interval.
struct Interval {
  std::string label;
  double estimate = 0, low = 0, high = 0;
};

// Horizontal dot-and-whisker plot, one row per interval, with a dashed line at zero.
std::string coefficient_plot(const std::vector<Interval>& rows, const std::string& title);

// Event-study plot: x = relative period (label parsed as a number), estimates with CI bars, a dashed
// line at zero and a vertical line between the reference period and the treatment period.
struct EventPoint {
  double period = 0, estimate = 0, low = 0, high = 0;
};
std::string event_study_plot(const std::vector<EventPoint>& points, const std::string& title, double reference_period = -1);

// Lines over years, e.g. the share of firms digitized through each channel.
struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y)
};
std::string line_chart(const std::vector<Series>& series, const std::string& title, const std::string& y_label);

}  // namespace tradedig::report

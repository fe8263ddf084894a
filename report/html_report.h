// One self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched): the report that
// `tradedig report` and `tradedig run` write.
//
//   ReportPage page{"tradedig report", "study.db, 2026-11-21"};
//   page.sections.push_back({"tables", "Table 2", render_table(models, TableFormat::kHtml)});
//   write_file("report.html", render_html(page));
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace tradedig::report {

// A titled part of the page; `html` is trusted markup produced by tradedig (tables, SVG).
struct Section {
  std::string id;     // anchor, [a-z0-9-]
  std::string title;
  std::string html;
};

struct ReportPage {
  std::string title;
  std::string subtitle;
  std::vector<Section> sections;
  std::string footer;  // e.g. the tool version and the command that produced the page
};

// The whole page with a table of contents linking every section.
std::string render_html(const ReportPage& page);

// An HTML table of plain text cells (escaped); the first column is a row header.
std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::string& css_class = "data");

}  // namespace tradedig::report

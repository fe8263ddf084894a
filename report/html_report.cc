#include "report/html_report.h"

#include <fmt/format.h>

#include "util/html.h"

namespace tradedig::report {
namespace {

constexpr const char* kStyle = R"CSS(
body { font-family: "Noto Sans", "Helvetica Neue", Arial, "PingFang SC", "Noto Sans CJK SC", sans-serif;
       margin: 2em auto; max-width: 1000px; color: #222; line-height: 1.45; padding: 0 1em; }
h1 { margin-bottom: 0.1em; } .subtitle { color: #666; margin-top: 0; }
nav ol { columns: 2; } section { margin: 2.2em 0; border-top: 1px solid #ddd; padding-top: 0.6em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { padding: 0.25em 0.8em; text-align: right; } th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 1px solid #333; } tbody { border-bottom: 1px solid #bbb; }
table.regression tfoot td { font-size: 0.85em; color: #555; text-align: left; }
table.data tr:nth-child(even) { background: #f6f6f6; }
.note { color: #555; font-size: 0.9em; } svg { max-width: 100%; height: auto; display: block; margin: 0.8em 0; }
footer { color: #777; font-size: 0.85em; border-top: 1px solid #ddd; margin-top: 3em; padding-top: 0.6em; }
)CSS";

}  // namespace

std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::string& css_class) {
  std::string o = fmt::format("<table class=\"{}\">\n<thead><tr>", html_escape(css_class));
  for (const auto& h : header) o += "<th>" + html_escape(h) + "</th>";
  o += "</tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    o += "<tr>";
    for (size_t j = 0; j < r.size(); ++j) o += (j ? "<td>" : "<th>") + html_escape(r[j]) + (j ? "</td>" : "</th>");
    o += "</tr>\n";
  }
  return o + "</tbody>\n</table>\n";
}

std::string render_html(const ReportPage& page) {
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  o += "<title>" + html_escape(page.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  o += "<h1>" + html_escape(page.title) + "</h1>\n";
  if (!page.subtitle.empty()) o += "<p class=\"subtitle\">" + html_escape(page.subtitle) + "</p>\n";
  o += "<nav><ol>\n";
  for (const auto& s : page.sections) o += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", html_escape(s.id), html_escape(s.title));
  o += "</ol></nav>\n";
  for (const auto& s : page.sections)
    o += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n", html_escape(s.id), html_escape(s.title), s.html);
  if (!page.footer.empty()) o += "<footer>" + html_escape(page.footer) + "</footer>\n";
  return o + "</body>\n</html>\n";
}

}  // namespace tradedig::report

// render_grid: one header, rows of cells, an optional note, in text/md/tex/csv/html.
#include "measure/grid_table.h"

#include <optional>

#include <fmt/format.h>

#include "util/csv_field.h"
#include "util/html.h"
#include "util/text_table.h"

namespace tradedig::measure {
namespace {

std::string escape_for(TableFormat f, const std::string& s) {
  switch (f) {
    case TableFormat::kLatex: return latex_escape(s);
    case TableFormat::kHtml: return html_escape(s);
    case TableFormat::kCsv: return csv_field(s);
    default: return s;
  }
}

std::string join(TableFormat f, const std::vector<std::string>& row, const std::string& sep) {
  std::string o;
  for (size_t j = 0; j < row.size(); ++j) o += (j ? sep : "") + escape_for(f, row[j]);
  return o;
}

}  // namespace

std::string render_grid(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                        TableFormat format, const std::string& note) {
  std::string out;
  switch (format) {
    case TableFormat::kText: {
      std::vector<std::vector<std::optional<std::string>>> cells;
      for (const auto& r : rows) cells.emplace_back(r.begin(), r.end());
      std::vector<bool> right(header.size(), true);
      if (!right.empty()) right[0] = false;
      TextTableOptions to;
      to.max_cell_width = 60;
      out = render_text_table(header, cells, right, to);
      if (!note.empty()) out += note + "\n";
      break;
    }
    case TableFormat::kMarkdown:
      out = "| " + join(format, header, " | ") + " |\n|";
      for (size_t j = 0; j < header.size(); ++j) out += j ? "---:|" : ":---|";
      out += "\n";
      for (const auto& r : rows) out += "| " + join(format, r, " | ") + " |\n";
      if (!note.empty()) out += "\n" + note + "\n";
      break;
    case TableFormat::kLatex:
      out = fmt::format("\\begin{{tabular}}{{l*{{{}}}{{r}}}}\n\\toprule\n", header.empty() ? 0 : header.size() - 1);
      out += join(format, header, " & ") + " \\\\\n\\midrule\n";
      for (const auto& r : rows) out += join(format, r, " & ") + " \\\\\n";
      out += "\\bottomrule\n";
      if (!note.empty())
        out += fmt::format("\\multicolumn{{{}}}{{l}}{{\\footnotesize {}}} \\\\\n", header.size(), escape_for(format, note));
      out += "\\end{tabular}\n";
      break;
    case TableFormat::kCsv:
      out = join(format, header, ",") + "\n";
      for (const auto& r : rows) out += join(format, r, ",") + "\n";
      break;
    case TableFormat::kHtml:
      out = "<table>\n<thead><tr>";
      for (const auto& h : header) out += "<th>" + escape_for(format, h) + "</th>";
      out += "</tr></thead>\n<tbody>\n";
      for (const auto& r : rows) {
        out += "<tr>";
        for (size_t j = 0; j < r.size(); ++j)
          out += (j ? "<td>" : "<th>") + escape_for(format, r[j]) + (j ? "</td>" : "</th>");
        out += "</tr>\n";
      }
      out += "</tbody>\n";
      if (!note.empty()) out += fmt::format("<tfoot><tr><td colspan=\"{}\">{}</td></tr></tfoot>\n", header.size(), escape_for(format, note));
      out += "</table>\n";
      break;
  }
  return out;
}

}  // namespace tradedig::measure

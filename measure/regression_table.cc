// Regression tables with several models side by side (esttab / fixest etable layout): each
// coefficient with stars (* 10%, ** 5%, *** 1%) and its SE in parentheses below, then one row per
// fixed effect ("firm FE: Yes"), then N, adjusted R² and within R². Variable labels replace names
// (measure/variable_labels.h) and an optional first row names each model's dependent variable.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "measure/estimate.h"
#include "measure/variable_labels.h"
#include "util/csv_field.h"
#include "util/error.h"
#include "util/html.h"
#include "util/text_table.h"

namespace tradedig::measure {
namespace {

// The table as cells, independent of the output format.
struct Grid {
  std::vector<std::string> header;                 // "" then model titles
  std::vector<std::vector<std::string>> depvar_rows;  // "Dependent variable" + each model's lhs
  std::vector<std::vector<std::string>> coef_rows;  // label + cells; estimates and SE rows alternate
  std::vector<std::vector<std::string>> fe_rows;
  std::vector<std::vector<std::string>> stat_rows;
  std::string se_note;
};

std::string stars(double p) {
  if (p < 0.01) return "***";
  if (p < 0.05) return "**";
  if (p < 0.10) return "*";
  return "";
}

// The left-hand side as written in the model's formula ("" when it has none, e.g. a TFP estimate).
std::string dependent_variable(const FitResult& r) {
  try {
    return parse_formula(r.formula).lhs_label;
  } catch (const UserError&) {
    size_t tilde = r.formula.find('~');
    if (tilde == std::string::npos) return "";
    std::string lhs = r.formula.substr(0, tilde);
    lhs.erase(0, lhs.find_first_not_of(' '));
    lhs.erase(lhs.find_last_not_of(' ') + 1);
    return lhs;
  }
}

Grid build_grid(const std::vector<FitResult>& models, const TableOptions& opts) {
  Grid g;
  g.header.emplace_back("");
  for (size_t m = 0; m < models.size(); ++m)
    g.header.push_back(m < opts.model_titles.size() ? opts.model_titles[m] : fmt::format("({})", m + 1));
  std::vector<std::string> names, fes;
  for (const auto& r : models) {
    for (const auto& n : r.names)
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    for (const auto& fe : r.fixed_effects)
      if (std::find(fes.begin(), fes.end(), fe.name) == fes.end()) fes.push_back(fe.name);
  }
  if (opts.show_depvar) {
    std::vector<std::string> row = {"Dependent variable"};
    for (const auto& r : models) row.push_back(coefficient_label(dependent_variable(r), opts.labels));
    g.depvar_rows.push_back(std::move(row));
  }
  for (const auto& n : names) {
    std::vector<std::string> est = {coefficient_label(n, opts.labels)}, se = {""};
    for (const auto& r : models) {
      auto it = std::find(r.names.begin(), r.names.end(), n);
      if (it == r.names.end()) {
        est.emplace_back("");
        se.emplace_back("");
        continue;
      }
      const auto j = static_cast<Eigen::Index>(it - r.names.begin());
      est.push_back(fmt::format("{:.{}f}{}", r.coef[j], opts.digits, stars(r.p[j])));
      se.push_back(fmt::format("({:.{}f})", r.se[j], opts.digits));
    }
    g.coef_rows.push_back(std::move(est));
    g.coef_rows.push_back(std::move(se));
  }
  for (const auto& fe : fes) {
    std::vector<std::string> row = {fe + " FE"};
    for (const auto& r : models) {
      bool has = std::any_of(r.fixed_effects.begin(), r.fixed_effects.end(), [&](const auto& f) { return f.name == fe; });
      row.emplace_back(has ? "Yes" : "No");
    }
    g.fe_rows.push_back(std::move(row));
  }
  std::vector<std::string> n = {"Observations"}, ar2 = {"Adj. R²"}, wr2 = {"Within R²"};
  bool any_fe = !fes.empty();
  std::string se_types;
  for (const auto& r : models) {
    n.push_back(fmt::format("{}", r.nobs));
    ar2.push_back(std::isnan(r.adj_r2) ? "" : fmt::format("{:.4f}", r.adj_r2));
    wr2.push_back(r.fixed_effects.empty() || std::isnan(r.within_r2) ? "" : fmt::format("{:.4f}", r.within_r2));
    if (se_types.find(r.vcov_type) == std::string::npos) se_types += (se_types.empty() ? "" : "; ") + r.vcov_type;
  }
  g.stat_rows = {n, ar2};
  if (any_fe) g.stat_rows.push_back(wr2);
  std::vector<std::string> extra;
  for (const auto& r : models)
    for (const auto& [label, value] : r.extra_stats)
      if (std::find(extra.begin(), extra.end(), label) == extra.end()) extra.push_back(label);
  for (const auto& label : extra) {
    std::vector<std::string> row = {label};
    for (const auto& r : models) {
      auto it = std::find_if(r.extra_stats.begin(), r.extra_stats.end(), [&](const auto& kv) { return kv.first == label; });
      row.push_back(it == r.extra_stats.end() ? "" : it->second);
    }
    g.stat_rows.push_back(std::move(row));
  }
  g.se_note = fmt::format("Standard errors in parentheses ({}). * p<0.10, ** p<0.05, *** p<0.01.", se_types);
  return g;
}

std::string csv_cell(const std::string& s) { return csv_field(s); }

// LaTeX: stars as superscripts, R² in math mode.
std::string latex_cell(const std::string& s) {
  std::string t = s;
  size_t star = t.find('*');
  std::string tail;
  if (star != std::string::npos) {
    tail = "$^{" + t.substr(star) + "}$";
    t = t.substr(0, star);
  }
  std::string out = latex_escape(t);
  for (size_t p; (p = out.find("R²")) != std::string::npos;) out.replace(p, std::string("R²").size(), "$R^2$");
  for (size_t p; (p = out.find("×")) != std::string::npos;) out.replace(p, std::string("×").size(), "$\\times$");
  return out + tail;
}

std::string join_row(const std::vector<std::string>& row, const std::string& sep, std::string (*cell)(const std::string&)) {
  std::string o;
  for (size_t j = 0; j < row.size(); ++j) o += (j ? sep : "") + cell(row[j]);
  return o;
}

std::string identity(const std::string& s) { return s; }

}  // namespace

TableFormat parse_table_format(const std::string& name) {
  if (name == "text" || name == "txt") return TableFormat::kText;
  if (name == "md" || name == "markdown") return TableFormat::kMarkdown;
  if (name == "tex" || name == "latex") return TableFormat::kLatex;
  if (name == "csv") return TableFormat::kCsv;
  if (name == "html") return TableFormat::kHtml;
  throw UserError(fmt::format("Unknown table format {}; use text, md, tex, csv or html.", name));
}

std::string render_table(const std::vector<FitResult>& models, TableFormat format, const TableOptions& opts) {
  if (models.empty()) throw UserError("A table needs at least one model.");
  Grid g = build_grid(models, opts);
  std::vector<std::vector<std::vector<std::string>>> sections = {g.depvar_rows, g.coef_rows, g.fe_rows,
                                                                         g.stat_rows};
  std::string out;
  switch (format) {
    case TableFormat::kText: {
      std::vector<std::vector<std::optional<std::string>>> rows;
      for (size_t s = 0; s < sections.size(); ++s) {
        if (sections[s].empty()) continue;
        if (!rows.empty()) rows.emplace_back(g.header.size(), std::string());
        for (const auto& r : sections[s]) rows.emplace_back(r.begin(), r.end());
      }
      std::vector<bool> right(g.header.size(), true);
      right[0] = false;
      TextTableOptions to;
      to.max_cell_width = 60;
      out = render_text_table(g.header, rows, right, to) + g.se_note + "\n";
      break;
    }
    case TableFormat::kMarkdown: {
      out = "| " + join_row(g.header, " | ", identity) + " |\n|";
      for (size_t j = 0; j < g.header.size(); ++j) out += j ? "---:|" : ":---|";
      out += "\n";
      for (const auto& sec : sections)
        for (const auto& r : sec) out += "| " + join_row(r, " | ", identity) + " |\n";
      out += "\n" + g.se_note + "\n";
      break;
    }
    case TableFormat::kLatex: {
      out = fmt::format("\\begin{{tabular}}{{l*{{{}}}{{c}}}}\n\\toprule\n", models.size());
      out += join_row(g.header, " & ", latex_cell) + " \\\\\n";
      for (const auto& sec : sections) {
        if (sec.empty()) continue;
        out += "\\midrule\n";
        for (const auto& r : sec) out += join_row(r, " & ", latex_cell) + " \\\\\n";
      }
      out += "\\bottomrule\n";
      out += fmt::format("\\multicolumn{{{}}}{{l}}{{\\footnotesize {}}} \\\\\n", models.size() + 1,
                         latex_escape(g.se_note).replace(latex_escape(g.se_note).find("* p"), 1, "$^{*}$"));
      out += "\\end{tabular}\n";
      break;
    }
    case TableFormat::kCsv: {
      out = join_row(g.header, ",", csv_cell) + "\n";
      for (const auto& sec : sections)
        for (const auto& r : sec) out += join_row(r, ",", csv_cell) + "\n";
      break;
    }
    case TableFormat::kHtml: {
      out = "<table class=\"regression\">\n<thead><tr>";
      for (const auto& h : g.header) out += "<th>" + html_escape(h) + "</th>";
      out += "</tr></thead>\n";
      for (const auto& sec : sections) {
        if (sec.empty()) continue;
        out += "<tbody>\n";
        for (const auto& r : sec) {
          out += "<tr>";
          for (size_t j = 0; j < r.size(); ++j) out += (j ? "<td>" : "<th>") + html_escape(r[j]) + (j ? "</td>" : "</th>");
          out += "</tr>\n";
        }
        out += "</tbody>\n";
      }
      out += fmt::format("<tfoot><tr><td colspan=\"{}\">{}</td></tr></tfoot>\n</table>\n", g.header.size(),
                         html_escape(g.se_note));
      break;
    }
  }
  return out;
}

}  // namespace tradedig::measure

// The paper's tables: preparing the panel (derived columns, FE and controls), assembling a table's
// columns with skip notes and recorded runs, and rendering it in text, Markdown, LaTeX and HTML.
#include "report/paper_tables.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "db/runs.h"
#include "measure/row_subset.h"
#include "report/paper_tables_internal.h"
#include "util/error.h"
#include "util/html.h"
#include "util/parse.h"

namespace tradedig::report {
namespace paper {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Numeric values of a column (NaN for missing); a text column whose levels are numbers is read as
// such. Throws UserError for a text column of words.
std::vector<double> numeric_values(const measure::DataFrame& d, const std::string& name) {
  const measure::Column* c = d.find(name);
  if (!c) throw UserError(fmt::format("The data have no column {}.", name));
  if (c->numeric) return c->values;
  std::vector<double> out(c->codes.size(), kNaN);
  for (size_t i = 0; i < c->codes.size(); ++i) {
    if (c->codes[i] < 0) continue;
    auto v = parse_double(c->levels[static_cast<size_t>(c->codes[i])]);
    if (!v)
      throw UserError(
          fmt::format("Column {} is not numeric ('{}').", name, c->levels[static_cast<size_t>(c->codes[i])]));
    out[i] = *v;
  }
  return out;
}

std::vector<int32_t> codes_of(const measure::DataFrame& d, const std::string& name) {
  int32_t n = 0;
  return measure::factor_codes(*d.find(name), &n);
}

// The treatment of the same firm in the previous year (NaN when that firm-year is not in the data).
std::vector<double> lagged(const std::vector<int32_t>& firm, const std::vector<double>& year,
                           const std::vector<double>& x) {
  std::unordered_map<int64_t, double> at;
  auto key = [](int32_t f, double y) { return (static_cast<int64_t>(f) << 20) + static_cast<int64_t>(y); };
  for (size_t i = 0; i < x.size(); ++i)
    if (firm[i] >= 0 && !std::isnan(year[i])) at[key(firm[i], year[i])] = x[i];
  std::vector<double> out(x.size(), kNaN);
  for (size_t i = 0; i < x.size(); ++i) {
    if (firm[i] < 0 || std::isnan(year[i])) continue;
    auto it = at.find(key(firm[i], year[i] - 1));
    if (it != at.end()) out[i] = it->second;
  }
  return out;
}

// Share of the other firms of the row's cell (province × industry × year) that are digitized
// (treatment > 0): (S − d_i)/(n − 1) over the rows with a treatment value; NaN for a lone firm.
std::vector<double> leave_one_out_share(const std::vector<std::vector<int32_t>>& cell_parts,
                                        const std::vector<double>& x) {
  std::map<std::vector<int32_t>, std::pair<double, double>> cells;  // sum of d, count
  std::vector<std::vector<int32_t>> key(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) continue;
    for (const auto& part : cell_parts) key[i].push_back(part[i]);
    if (std::any_of(key[i].begin(), key[i].end(), [](int32_t c) { return c < 0; })) {
      key[i].clear();
      continue;
    }
    auto& c = cells[key[i]];
    c.first += x[i] > 0 ? 1.0 : 0.0;
    c.second += 1;
  }
  std::vector<double> out(x.size(), kNaN);
  for (size_t i = 0; i < x.size(); ++i) {
    if (key[i].empty()) continue;
    const auto& c = cells.at(key[i]);
    if (c.second > 1) out[i] = (c.first - (x[i] > 0 ? 1.0 : 0.0)) / (c.second - 1);
  }
  return out;
}

// Each firm's first year with treatment > 0; 0 for firms never digitized; NaN for firms without any
// treatment value.
std::vector<double> first_treated_year(const std::vector<int32_t>& firm, const std::vector<double>& year,
                                       const std::vector<double>& x) {
  std::unordered_map<int32_t, double> first;
  for (size_t i = 0; i < x.size(); ++i) {
    if (firm[i] < 0 || std::isnan(x[i]) || std::isnan(year[i])) continue;
    auto [it, fresh] = first.emplace(firm[i], x[i] > 0 ? year[i] : 0.0);
    if (!fresh && x[i] > 0 && (it->second == 0 || year[i] < it->second)) it->second = year[i];
  }
  std::vector<double> out(x.size(), kNaN);
  for (size_t i = 0; i < x.size(); ++i) {
    auto it = first.find(firm[i]);
    if (it != first.end()) out[i] = it->second;
  }
  return out;
}

}  // namespace

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string o;
  for (size_t i = 0; i < v.size(); ++i) o += (i ? sep : "") + v[i];
  return o;
}

std::string latex_text(const std::string& s) {
  std::string out = latex_escape(s);
  static const std::pair<const char*, const char*> symbols[] = {
      {"×", "$\\times$"}, {"·", "$\\cdot$"}, {"χ²", "$\\chi^2$"}, {"±", "$\\pm$"}, {"—", "---"}, {"−", "--"}, {">", "$>$"}, {"<", "$<$"}};
  for (const auto& [from, to] : symbols)
    for (size_t p = 0; (p = out.find(from, p)) != std::string::npos; p += std::string(to).size())
      out.replace(p, std::string(from).size(), to);
  return out;
}

bool PanelContext::has(const std::string& var) const {
  const measure::Column* c = data.find(var);
  if (!c) return false;
  if (c->numeric) return std::any_of(c->values.begin(), c->values.end(), [](double v) { return !std::isnan(v); });
  return std::any_of(c->codes.begin(), c->codes.end(), [](int32_t v) { return v >= 0; });
}

std::vector<std::string> PanelContext::present(const std::vector<std::string>& vars) const {
  std::vector<std::string> out;
  for (const auto& v : vars)
    if (has(v) && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}

std::vector<std::string> PanelContext::controls_without(const std::vector<std::string>& except) const {
  std::vector<std::string> out;
  for (const auto& c : controls)
    if (std::find(except.begin(), except.end(), c) == except.end()) out.push_back(c);
  return out;
}

measure::FitOptions PanelContext::fit_options() const {
  measure::FitOptions o;
  if (has(opt->cluster))
    o.cluster = {opt->cluster};
  else
    o.vcov = measure::VcovType::kHetero;
  return o;
}

PanelContext prepare_panel(db::Connection& store, const PaperTablesOptions& opt) {
  PanelContext ctx;
  ctx.store = &store;
  ctx.opt = &opt;
  std::error_code ec;
  ctx.data = std::filesystem::is_regular_file(opt.data, ec) ? measure::load_file(opt.data)
                                                            : measure::load_store_table(store, opt.data);
  for (const auto& id : {opt.firm, opt.year})
    if (!ctx.has(id))
      throw UserError(
          fmt::format("The data {} have no values of {}; the tables need a firm-year panel.", opt.data, id));
  measure::DataFrame& d = ctx.data;
  const auto firm = codes_of(d, opt.firm);
  const auto year = numeric_values(d, opt.year);
  const bool cells = ctx.has(opt.province) && ctx.has(opt.industry);
  if (ctx.has(opt.treatment)) {
    const auto x = numeric_values(d, opt.treatment);
    if (!d.find(kLaggedTreatment)) d.add_numeric_column(kLaggedTreatment, lagged(firm, year, x));
    if (!d.find(kShareInstrument) && cells) {
      std::vector<std::vector<int32_t>> parts = {codes_of(d, opt.province), codes_of(d, opt.industry)};
      std::vector<int32_t> y(year.size());
      for (size_t i = 0; i < year.size(); ++i) y[i] = std::isnan(year[i]) ? -1 : static_cast<int32_t>(year[i]);
      parts.push_back(std::move(y));
      d.add_numeric_column(kShareInstrument, leave_one_out_share(parts, x));
    }
    if (!d.find(kEventYear)) d.add_numeric_column(kEventYear, first_treated_year(firm, year, x));
  }
  if (!d.find(kExports) && d.find(opt.export_value)) {
    auto v = numeric_values(d, opt.export_value);
    for (double& e : v) e = !std::isnan(e) && e > 0 ? 1.0 : 0.0;
    d.add_numeric_column(kExports, std::move(v));
  }

  if (cells) {
    ctx.fe = fmt::format("{} + {}^{}^{}", opt.firm, opt.province, opt.industry, opt.year);
  } else {
    ctx.fe = fmt::format("{} + {}", opt.firm, opt.year);
    ctx.general_notes.push_back(
        fmt::format("The data have no {} or {} values, so firm and year fixed effects replace "
                    "firm and province × industry × year fixed effects.",
                    opt.province, opt.industry));
  }
  std::vector<std::string> all, absent;
  for (const auto* block :
       {&opt.basic_controls, &opt.supply_controls, &opt.destination_controls, &opt.information_controls})
    for (const auto& c : *block) (ctx.has(c) ? all : absent).push_back(c);
  ctx.controls = ctx.present(all);
  if (!absent.empty())
    ctx.general_notes.push_back(
        fmt::format("Not in the data (or missing in every row), so left out of the controls: {}.", join(absent, ", ")));
  if (!ctx.has(opt.cluster))
    ctx.general_notes.push_back(fmt::format(
        "The data have no {} values, so standard errors are heteroskedasticity-robust (HC1), not clustered.",
        opt.cluster));
  else
    ctx.general_notes.push_back(
        fmt::format("Standard errors clustered by {}; singletons dropped (reghdfe).", opt.cluster));
  return ctx;
}

std::string formula_text(const std::string& lhs, const std::vector<std::string>& terms, const std::string& fe) {
  std::string f = lhs + " ~ " + (terms.empty() ? std::string("1") : join(terms, " + "));
  if (!fe.empty()) f += " | " + fe;
  return f;
}

std::string missing_list(const PanelContext& ctx, const std::vector<std::string>& vars) {
  std::vector<std::string> out;
  for (const auto& v : vars)
    if (!ctx.has(v)) out.push_back(v);
  return join(out, ", ");
}

std::vector<int64_t> rows_where(const measure::DataFrame& d, const std::string& var, double lo, double hi) {
  const auto v = numeric_values(d, var);
  std::vector<int64_t> rows;
  for (size_t i = 0; i < v.size(); ++i)
    if (v[i] >= lo && v[i] <= hi) rows.push_back(static_cast<int64_t>(i));
  return rows;
}

measure::FitResult shown_coefficients(const measure::FitResult& f, const std::vector<std::string>& keep,
                                      bool controls) {
  measure::FitResult s = f;
  if (!keep.empty()) {
    std::vector<Eigen::Index> idx;
    s.names.clear();
    for (size_t j = 0; j < f.names.size(); ++j)
      if (std::find(keep.begin(), keep.end(), f.names[j]) != keep.end()) {
        idx.push_back(static_cast<Eigen::Index>(j));
        s.names.push_back(f.names[j]);
      }
    auto pick = [&](const Eigen::VectorXd& v) {
      Eigen::VectorXd o(static_cast<Eigen::Index>(idx.size()));
      for (size_t k = 0; k < idx.size(); ++k) o[static_cast<Eigen::Index>(k)] = v.size() > idx[k] ? v[idx[k]] : kNaN;
      return o;
    };
    s.coef = pick(f.coef);
    s.se = pick(f.se);
    s.t = pick(f.t);
    s.p = pick(f.p);
    s.ci_low = pick(f.ci_low);
    s.ci_high = pick(f.ci_high);
    s.vcov = Eigen::MatrixXd(static_cast<Eigen::Index>(idx.size()), static_cast<Eigen::Index>(idx.size()));
    for (size_t a = 0; a < idx.size(); ++a)
      for (size_t b = 0; b < idx.size(); ++b)
        s.vcov(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = f.vcov(idx[a], idx[b]);
  }
  if (controls) s.extra_stats.insert(s.extra_stats.begin(), {"Controls", "Yes"});
  return s;
}

// ---------------------------------------------------------------- assembly

TableAssembly::TableAssembly(PanelContext& ctx, int number, std::string title) : ctx_(ctx) {
  table_.number = number;
  table_.title = std::move(title);
}

void TableAssembly::panel(const std::string& title) { panels_.push_back({title, {}, nullptr}); }

void TableAssembly::custom_panel(const std::string& title, std::function<std::string(measure::TableFormat)> render) {
  panels_.push_back({title, {}, std::move(render)});
}

void TableAssembly::add(const std::string& title, const measure::FitResult& fit, const std::vector<std::string>& shown,
                        bool controls, nlohmann::json results, nlohmann::json spec, bool in_table,
                        const std::string& command) {
  const std::string full = in_table ? fmt::format("({}) {}", ++numbered_, title) : title;
  table_.column_titles.push_back(full);
  table_.fits.push_back(fit);
  shown_.push_back(shown_coefficients(fit, shown, controls));
  if (in_table) {
    if (panels_.empty() || panels_.back().render) panels_.push_back({"", {}, nullptr});
    panels_.back().columns.push_back(table_.fits.size() - 1);
  }
  for (const auto& c : fit.dropped_collinear) {
    auto& cols = collinear_[c];
    cols += (cols.empty() ? "" : ", ") + (in_table ? fmt::format("({})", numbered_) : title);
  }
  int64_t run = -1;
  if (ctx_.opt->record_runs) {
    const auto fo = ctx_.fit_options();
    nlohmann::json s = {{"formula", fit.formula}, {"data", ctx_.opt->data},
                        {"cluster", fo.cluster},  {"table", fmt::format("Table {}", table_.number)},
                        {"title", title},         {"estimator", fit.estimator}};
    for (auto& [k, v] : spec.items()) s[k] = v;
    run = db::begin_run(*ctx_.store, command, s.dump());
    if (results.is_null()) results = measure::to_json(fit);
    results["run_id"] = run;
    db::finish_run(*ctx_.store, run, true, results.dump());
  }
  table_.run_ids.push_back(run);
}

void TableAssembly::append_stats(const std::vector<std::pair<std::string, std::string>>& rows) {
  if (table_.fits.empty()) return;
  for (const auto& r : rows) {
    table_.fits.back().extra_stats.push_back(r);
    shown_.back().extra_stats.push_back(r);
  }
}

void TableAssembly::skip(const std::string& title, const std::string& why) {
  note(fmt::format("Not estimated: {} — {}", title, why));
}

void TableAssembly::note(const std::string& text) { table_.notes.push_back(text); }

void TableAssembly::label(const std::string& name, const std::string& shown_as) { labels_[name] = shown_as; }

std::string TableAssembly::render_panels(measure::TableFormat format) const {
  std::string out;
  for (const auto& p : panels_) {
    std::string body;
    if (p.render) {
      body = p.render(format);
    } else if (!p.columns.empty()) {
      std::vector<measure::FitResult> fits;
      measure::TableOptions to;
      to.digits = ctx_.opt->digits;
      to.labels = labels_;
      to.show_depvar = true;
      for (size_t c : p.columns) {
        fits.push_back(shown_[c]);
        to.model_titles.push_back(table_.column_titles[c]);
      }
      body = measure::render_table(fits, format, to);
    } else {
      continue;
    }
    switch (format) {
      case measure::TableFormat::kMarkdown:
        out += (p.title.empty() ? "" : "**" + p.title + "**\n\n") + body + "\n";
        break;
      case measure::TableFormat::kLatex:
        out += (p.title.empty() ? "" : "\\par\\medskip\\textit{" + latex_text(p.title) + "}\\par\n") + body;
        break;
      case measure::TableFormat::kHtml:
        out += (p.title.empty() ? "" : "<h4>" + html_escape(p.title) + "</h4>\n") + body;
        break;
      default:
        out += (p.title.empty() ? "" : p.title + "\n") + body + "\n";
        break;
    }
  }
  return out;
}

PaperTable TableAssembly::finish() {
  const std::string heading = fmt::format("Table {}. {}", table_.number, table_.title);
  const bool none =
      std::none_of(panels_.begin(), panels_.end(), [](const Panel& p) { return p.render || !p.columns.empty(); });
  const std::string empty = "No column could be estimated on these data (see the notes).";
  const std::string text = none ? empty + "\n\n" : render_panels(measure::TableFormat::kText);
  const std::string markdown = none ? empty + "\n\n" : render_panels(measure::TableFormat::kMarkdown);
  const std::string latex = none ? latex_text(empty) + "\n" : render_panels(measure::TableFormat::kLatex);
  const std::string html =
      none ? "<p class=\"note\">" + html_escape(empty) + "</p>\n" : render_panels(measure::TableFormat::kHtml);

  PaperTable t = std::move(table_);
  for (const auto& [var, cols] : collinear_)
    t.notes.push_back(fmt::format("{} dropped as collinear in {}.", var, cols));
  if (t.number >= 2) t.notes.insert(t.notes.end(), ctx_.general_notes.begin(), ctx_.general_notes.end());
  t.text = heading + "\n\n" + text;
  t.markdown = "#### " + heading + "\n\n" + markdown;
  t.latex = fmt::format("\\begin{{table}}[htbp]\n\\centering\n\\caption{{{}}}\n\\label{{tab:paper{}}}\n",
                        latex_text(heading), t.number) +
            latex;
  t.html = fmt::format("<h3 id=\"paper-table-{}\">{}</h3>\n", t.number, html_escape(heading)) + html;
  if (!t.notes.empty()) {
    t.text += "Notes:\n";
    t.html += "<ul class=\"note\">\n";
    t.latex += "\\par\\smallskip\\raggedright\\footnotesize Notes: ";
    for (size_t i = 0; i < t.notes.size(); ++i) {
      t.text += "  - " + t.notes[i] + "\n";
      t.markdown += "- " + t.notes[i] + "\n";
      t.html += "<li>" + html_escape(t.notes[i]) + "</li>\n";
      t.latex += (i ? " " : "") + latex_text(t.notes[i]);
    }
    t.html += "</ul>\n";
    t.latex += "\n";
  }
  t.latex += "\\end{table}\n";
  return t;
}

void estimate_or_skip(TableAssembly& t, const std::string& title, const std::function<void()>& body) {
  try {
    body();
  } catch (const UserError& e) {
    t.skip(title, e.what());
  }
}

}  // namespace paper

std::vector<PaperTable> build_paper_tables(db::Connection& store, const PaperTablesOptions& opt) {
  std::vector<int> wanted = opt.tables;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  for (int n : wanted)
    if (n < 1 || n > 7) throw UserError(fmt::format("There is no Table {}; the paper's tables are 1-7.", n));
  paper::PanelContext ctx = paper::prepare_panel(store, opt);
  using Builder = PaperTable (*)(paper::PanelContext&);
  const Builder builders[] = {paper::table1_assignment,   paper::table2_baseline,   paper::table3_robustness,
                              paper::table4_endogeneity,  paper::table5_mechanisms, paper::table6_channels,
                              paper::table7_heterogeneity};
  std::vector<PaperTable> out;
  for (int n : wanted) out.push_back(builders[n - 1](ctx));
  return out;
}

std::vector<int> parse_table_numbers(const std::string& text) {
  std::vector<int> out;
  for (const auto& part : split_any(text, {","})) {
    const auto range = split_any(part, {"-"});
    auto num = [&](const std::string& s) {
      auto v = parse_int(s);
      if (!v || *v < 1 || *v > 7)
        throw UserError(fmt::format("--tables '{}': '{}' is not a table number 1-7.", text, s));
      return static_cast<int>(*v);
    };
    if (range.size() == 1) {
      out.push_back(num(range[0]));
    } else if (range.size() == 2) {
      const int a = num(range[0]), b = num(range[1]);
      if (a > b) throw UserError(fmt::format("--tables '{}': the range {} is empty.", text, part));
      for (int k = a; k <= b; ++k) out.push_back(k);
    } else {
      throw UserError(fmt::format("--tables '{}': expected numbers and ranges such as 1-7 or 2,4.", text));
    }
  }
  if (out.empty()) throw UserError("--tables is empty; use e.g. 1-7 or 2,4.");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const std::string& paper_table_in(const PaperTable& t, measure::TableFormat format) {
  switch (format) {
    case measure::TableFormat::kMarkdown:
      return t.markdown;
    case measure::TableFormat::kLatex:
      return t.latex;
    case measure::TableFormat::kHtml:
      return t.html;
    default:
      return t.text;
  }
}

}  // namespace tradedig::report

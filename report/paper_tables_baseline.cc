// Tables 1 and 2 of paper 003: the digitization assignment (eight dig_tr cases) and the baseline
// regression built up column by column (METHODS.md §1, §3).
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "measure/grid_table.h"
#include "report/paper_tables_internal.h"
#include "util/html.h"

namespace tradedig::report::paper {
namespace {

// Table 1's cases in the paper's order: dig_tr = 1 + 4·pit + 2·icp + pdo.
struct Case {
  int pit, pdo, icp;
};
constexpr std::array<Case, 8> kCases = {
    {{0, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 1}, {1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {1, 1, 1}}};

}  // namespace

PaperTable table1_assignment(PanelContext& ctx) {
  const auto& o = *ctx.opt;
  PaperTable t;
  t.number = 1;
  t.title = "Trade digitization: the eight cases of dig_tr = 1 + 4·pit + 2·icp + pdo";
  std::array<int64_t, 9> firm_years{}, firms{}, panel{};
  int64_t inconsistent = 0, total = 0, total_firms = 0;
  if (ctx.store->table_exists("digitization")) {
    auto st = ctx.store->prepare(
        "SELECT dig_tr, pit, pdo, icp, count(*), count(DISTINCT firm_id) FROM digitization GROUP BY dig_tr, pit, pdo, "
        "icp");
    while (st.step()) {
      const int k = static_cast<int>(st.column_int(0));
      const Case c{static_cast<int>(st.column_int(1)), static_cast<int>(st.column_int(2)),
                   static_cast<int>(st.column_int(3))};
      if (k < 1 || k > 8 || 1 + 4 * c.pit + 2 * c.icp + c.pdo != k) {
        inconsistent += st.column_int(4);
        continue;
      }
      firm_years[static_cast<size_t>(k)] += st.column_int(4);
      firms[static_cast<size_t>(k)] += st.column_int(5);
    }
    total = ctx.store->query_int("SELECT count(*) FROM digitization").value_or(0);
    total_firms = ctx.store->query_int("SELECT count(DISTINCT firm_id) FROM digitization").value_or(0);
  }
  // Firm-years of each case that enter the regressions: in the panel with the dependent variable.
  const measure::Column* dig = ctx.data.find("dig_tr");
  const bool with_panel = dig && dig->numeric && ctx.has(o.depvar);
  if (with_panel) {
    const measure::Column* y = ctx.data.find(o.depvar);
    for (size_t i = 0; i < dig->values.size(); ++i) {
      const double k = dig->values[i];
      if (!std::isnan(k) && k >= 1 && k <= 8 && y->numeric && !std::isnan(y->values[i]))
        ++panel[static_cast<size_t>(k)];
    }
  }
  std::vector<std::string> header = {"dig_tr", "pit", "pdo", "icp", "Firm-years", "Share (%)", "Firms"};
  if (with_panel) header.push_back(fmt::format("Firm-years with {}", o.depvar));
  std::vector<std::vector<std::string>> rows;
  int64_t panel_total = 0;
  for (size_t k = 1; k <= 8; ++k) {
    const Case& c = kCases[k - 1];
    std::vector<std::string> row = {
        fmt::format("{}", k),
        fmt::format("{}", c.pit),
        fmt::format("{}", c.pdo),
        fmt::format("{}", c.icp),
        fmt::format("{}", firm_years[k]),
        total ? fmt::format("{:.2f}", 100.0 * static_cast<double>(firm_years[k]) / static_cast<double>(total))
              : std::string(),
        fmt::format("{}", firms[k])};
    if (with_panel) row.push_back(fmt::format("{}", panel[k]));
    panel_total += panel[k];
    rows.push_back(std::move(row));
  }
  std::vector<std::string> sum = {
      "Total", "", "", "", fmt::format("{}", total), total ? "100.00" : "", fmt::format("{}", total_firms)};
  if (with_panel) sum.push_back(fmt::format("{}", panel_total));
  rows.push_back(std::move(sum));

  if (total == 0) t.notes.push_back("The store has no digitization scores yet (run `tradedig score`).");
  if (inconsistent > 0)
    t.notes.push_back(
        fmt::format("{} firm-years whose dig_tr disagrees with 1 + 4·pit + 2·icp + pdo are counted in the "
                    "total but in no case.",
                    inconsistent));
  t.notes.push_back(
      "pit: cross-border platform (alibaba.com Gold Supplier or made-in-china.com); pdo: domestic "
      "platform (1688.com); icp: own homepage (ICP filing or domain). Firms: distinct firms with at least "
      "one firm-year in the case (a firm moves between cases over time).");
  const std::string note = [&] {
    std::string s;
    for (const auto& n : t.notes) s += (s.empty() ? "" : " ") + n;
    return s;
  }();
  const std::string heading = fmt::format("Table 1. {}", t.title);
  t.text = heading + "\n\n" + measure::render_grid(header, rows, measure::TableFormat::kText) + "Notes:\n";
  for (const auto& n : t.notes) t.text += "  - " + n + "\n";
  t.markdown = "#### " + heading + "\n\n" + measure::render_grid(header, rows, measure::TableFormat::kMarkdown, note);
  t.latex = "\\begin{table}[htbp]\n\\centering\n\\caption{" + latex_text(heading) + "}\n\\label{tab:paper1}\n" +
            measure::render_grid(header, rows, measure::TableFormat::kLatex, note) + "\\end{table}\n";
  t.html = "<h3 id=\"paper-table-1\">" + html_escape(heading) + "</h3>\n" +
           measure::render_grid(header, rows, measure::TableFormat::kHtml, note);
  return t;
}

PaperTable table2_baseline(PanelContext& ctx) {
  const auto& o = *ctx.opt;
  TableAssembly t(ctx, 2, fmt::format("Baseline: trade digitization and export quality ({})", o.depvar));
  if (!ctx.has(o.depvar) || !ctx.has(o.treatment)) {
    t.skip("every column", fmt::format("{} not in the data.", missing_list(ctx, {o.depvar, o.treatment})));
    return t.finish();
  }
  const auto basic = ctx.present(o.basic_controls), supply = ctx.present(o.supply_controls),
             destination = ctx.present(o.destination_controls), information = ctx.present(o.information_controls);
  const std::string two_way = fmt::format("{} + {}", o.firm, o.year);
  const bool cells = ctx.fe != two_way;
  struct Column {
    std::string title;
    std::vector<std::string> block;  // added to the previous column's regressors
    std::string fe;
    std::string skip;  // reason, when not estimated
  };
  const std::vector<Column> columns = {
      {fmt::format("{} only", o.treatment), {o.treatment}, "", ""},
      {"Basic controls, firm + year FE", basic, two_way, ""},
      {"Province × industry × year FE",
       {},
       ctx.fe,
       cells ? "" : fmt::format("the data have no {} or {}, so it would repeat column (2).", o.province, o.industry)},
      {"+ Supply capacity", supply, ctx.fe,
       supply.empty() ? fmt::format("{} not in the data.", missing_list(ctx, o.supply_controls)) : ""},
      {"+ Destination market", destination, ctx.fe,
       destination.empty() ? fmt::format("{} not in the data.", missing_list(ctx, o.destination_controls)) : ""},
      {"+ Information cost", information, ctx.fe,
       information.empty() ? fmt::format("{} not in the data.", missing_list(ctx, o.information_controls)) : ""},
  };
  std::vector<std::string> terms;
  for (const auto& c : columns) {
    terms.insert(terms.end(), c.block.begin(), c.block.end());
    if (!c.skip.empty()) {
      t.skip(c.title, c.skip);
      continue;
    }
    estimate_or_skip(t, c.title, [&] {
      auto fit =
          measure::feols(measure::parse_formula(formula_text(o.depvar, terms, c.fe)), ctx.data, ctx.fit_options());
      t.add(c.title, fit, {}, false);
    });
  }
  return t.finish();
}

}  // namespace tradedig::report::paper

// Table 7 of paper 003: heterogeneity by firm type (METHODS.md §4) — for each split, the mediation
// (or the outcome regression) in each group, with a test that the lndig coefficient is equal across
// the groups (measure/group_tests.h).
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "measure/group_tests.h"
#include "measure/row_subset.h"
#include "report/paper_tables_internal.h"
#include "util/error.h"

namespace tradedig::report::paper {
namespace {

// The paper's names of the groups of the splits written by `tradedig controls`.
std::string group_name(const std::string& split, double value) {
  struct Known {
    const char* split;
    const char* zero;
    const char* one;
  };
  static const Known known[] = {{"small_micro", "Medium & large", "Small & micro"},
                                {"cap_intensive", "Labour-intensive", "Capital-intensive"},
                                {"startup", "Developing (age 3+)", "Start-up (age 1-2)"},
                                {"ordinary_trade", "Other trade", "Ordinary trade"}};
  for (const auto& k : known)
    if (split == k.split && (value == 0 || value == 1)) return value == 1 ? k.one : k.zero;
  return fmt::format("{} = {:g}", split, value);
}

void add_split(PanelContext& ctx, TableAssembly& t, const std::string& split) {
  const auto& o = *ctx.opt;
  const measure::Column* col = ctx.data.find(split);
  if (!col || !col->numeric) {
    t.skip(fmt::format("split by {}", split), fmt::format("{} is not a numeric column of the data.", split));
    return;
  }
  std::set<double> values;
  for (double v : col->values)
    if (!std::isnan(v)) values.insert(v);
  if (values.size() < 2) {
    t.skip(fmt::format("split by {}", split), fmt::format("{} takes fewer than two values.", split));
    return;
  }
  const std::string& mediator = o.split_mediator;
  const bool mediated = !mediator.empty() && ctx.has(mediator);
  t.panel(fmt::format("{}: {}", split, [&] {
    std::string s;
    for (double v : values) s += (s.empty() ? "" : " vs ") + group_name(split, v);
    return s;
  }()));
  std::vector<std::string> terms = {o.treatment};
  if (mediated) terms.push_back(mediator);
  for (const auto& c : ctx.controls_without({mediator})) terms.push_back(c);
  const std::string outcome = formula_text(o.depvar, terms, ctx.fe);
  const size_t before = t.columns();
  for (double v : values) {
    const std::string group = group_name(split, v);
    nlohmann::json spec = {{"sample", fmt::format("{} = {:g}", split, v)}};
    estimate_or_skip(t, group, [&] {
      const measure::DataFrame sub = measure::select_rows(ctx.data, rows_where(ctx.data, split, v, v));
      if (mediated) {
        add_mediation(ctx, t, mediator, sub, group, spec);
      } else {
        auto fit = measure::feols(measure::parse_formula(outcome), sub, ctx.fit_options());
        t.add(group, fit, {o.treatment}, terms.size() > 1, nullptr, spec);
      }
    });
  }
  if (t.columns() == before) return;
  try {
    measure::GroupTestOptions go;
    go.by = split;
    go.test = {o.treatment};
    go.fit = ctx.fit_options();
    auto c = measure::compare_groups(measure::parse_formula(outcome), ctx.data, go);
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& kv : c.fits.back().extra_stats)
      if (kv.first.rfind("SUR", 0) == 0 || kv.first.rfind("Interaction", 0) == 0) rows.push_back(kv);
    t.append_stats(rows);
  } catch (const UserError& e) {
    t.note(fmt::format("{}: no cross-group test ({})", split, e.what()));
  }
}

}  // namespace

PaperTable table7_heterogeneity(PanelContext& ctx) {
  const auto& o = *ctx.opt;
  TableAssembly t(ctx, 7,
                  fmt::format("Heterogeneity by firm type{}",
                              ctx.has(o.split_mediator) ? fmt::format(" (mediation by {})", o.split_mediator) : ""));
  if (!ctx.has(o.depvar) || !ctx.has(o.treatment)) {
    t.skip("every column", fmt::format("{} not in the data.", missing_list(ctx, {o.depvar, o.treatment})));
    return t.finish();
  }
  for (const auto& s : o.splits) {
    if (!ctx.has(s)) {
      t.skip(fmt::format("split by {}", s), fmt::format("{} not in the data.", s));
      continue;
    }
    add_split(ctx, t, s);
  }
  if (!ctx.has(o.split_mediator))
    t.note(fmt::format("{} not in the data: each group shows the outcome regression only.", o.split_mediator));
  t.note(
      fmt::format("Cross-group test of the {} coefficient in the {} equation (last column of each panel): SUR "
                  "(suest) Wald χ² and the F test of the fully interacted model.",
                  o.treatment, o.depvar));
  return t.finish();
}

}  // namespace tradedig::report::paper

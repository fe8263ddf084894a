// Table 4 of paper 003: endogeneity (METHODS.md §4) — Heckman selection into exporting, 2SLS with the
// lagged treatment and with the leave-one-out province-industry-year share of digitized firms, and
// the omitted variable dpi.
#include <cmath>

#include <fmt/format.h>

#include "measure/heckman.h"
#include "measure/iv.h"
#include "report/paper_tables_internal.h"
#include "util/error.h"

namespace tradedig::report::paper {
namespace {

void add_heckman(PanelContext& ctx, TableAssembly& t) {
  const auto& o = *ctx.opt;
  const std::string title = "Heckman selection (EDU) and outcome";
  if (!ctx.has(kExports)) {
    t.skip(title, fmt::format("{} not in the data, so exporting (EDU) is unknown.", o.export_value));
    return;
  }
  // Firm-years that do not export come from the survey (`tradedig controls` keeps them); without
  // them the selection equation has nothing to explain.
  const auto& edu = ctx.data.find(kExports)->values;
  const auto& x = ctx.data.find(o.treatment)->values;
  int64_t non_exporters = 0;
  for (size_t i = 0; i < edu.size(); ++i)
    if (edu[i] == 0 && !std::isnan(x[i])) ++non_exporters;
  if (non_exporters == 0) {
    t.skip(title, fmt::format("no firm-year with {} has EDU = 0; the selection equation needs non-exporting firm-years "
                              "(e.g. survey firm-years added by `tradedig controls`).",
                              o.treatment));
    return;
  }
  estimate_or_skip(t, title, [&] {
    // The selection equation uses only what non-exporters have: the survey controls (the
    // destination controls come from customs).
    std::vector<std::string> sel = {o.treatment};
    for (const auto& c : ctx.present(o.basic_controls)) sel.push_back(c);
    for (const auto& c : ctx.present(o.supply_controls)) sel.push_back(c);
    std::vector<std::string> out = {o.treatment};
    out.insert(out.end(), ctx.controls.begin(), ctx.controls.end());
    measure::BinaryOptions probit;
    probit.cluster = ctx.fit_options().cluster;
    auto h = measure::heckman_imr(measure::parse_formula(formula_text(o.depvar, out, ctx.fe)),
                                  measure::parse_formula(formula_text(kExports, sel, "")), ctx.data, ctx.fit_options(),
                                  probit);
    t.add("Heckman: probit of EDU", h.selection.fit, {o.treatment}, true, nullptr, {{"step", "selection"}});
    t.add("Heckman: outcome with IMR", h.outcome, {o.treatment, "lambda"}, true, nullptr, {{"step", "outcome"}});
    t.note(
        fmt::format("Heckman: probit of EDU (1 = exports in the year) on {} and the survey controls over {} firm-years "
                    "({} exporting); the outcome equation adds the inverse Mills ratio (IMR); its SEs do not account "
                    "for the estimated first step.",
                    o.treatment, h.n_total, h.n_selected));
  });
}

void add_iv(PanelContext& ctx, TableAssembly& t, const std::string& instrument, const std::string& title,
            const std::string& why_absent) {
  const auto& o = *ctx.opt;
  if (!ctx.has(instrument)) {
    t.skip(title, why_absent);
    return;
  }
  estimate_or_skip(t, title, [&] {
    const std::string f =
        formula_text(o.depvar, ctx.controls, ctx.fe) + fmt::format(" | {} ~ {}", o.treatment, instrument);
    auto iv = measure::feiv(measure::parse_formula(f), ctx.data, ctx.fit_options());
    t.add(title, iv.second_stage, {o.treatment}, !ctx.controls.empty(), measure::to_json(iv),
          {{"instrument", instrument}});
  });
}

}  // namespace

PaperTable table4_endogeneity(PanelContext& ctx) {
  const auto& o = *ctx.opt;
  TableAssembly t(ctx, 4, "Endogeneity: selection into exporting, instrumental variables, an omitted variable");
  if (!ctx.has(o.depvar) || !ctx.has(o.treatment)) {
    t.skip("every column", fmt::format("{} not in the data.", missing_list(ctx, {o.depvar, o.treatment})));
    return t.finish();
  }
  add_heckman(ctx, t);
  add_iv(ctx, t, kLaggedTreatment, fmt::format("IV: {}", kLaggedTreatment),
         fmt::format("no firm has {} in two consecutive years.", o.treatment));
  add_iv(ctx, t, kShareInstrument, fmt::format("IV: {}", kShareInstrument),
         fmt::format("the data have no {} or {} to form province-industry-year cells.", o.province, o.industry));
  const std::string& dpi = o.omitted_variable;
  if (ctx.has(dpi)) {
    estimate_or_skip(t, fmt::format("Omitted variable: {}", dpi), [&] {
      std::vector<std::string> terms = {o.treatment, dpi};
      for (const auto& c : ctx.controls_without({dpi})) terms.push_back(c);
      auto fit =
          measure::feols(measure::parse_formula(formula_text(o.depvar, terms, ctx.fe)), ctx.data, ctx.fit_options());
      t.add(fmt::format("Omitted variable: {}", dpi), fit, {o.treatment, dpi}, !ctx.controls.empty());
    });
  } else {
    t.skip(fmt::format("Omitted variable: {}", dpi), fmt::format("{} (digital-product imports) not in the data.", dpi));
  }
  t.label("lambda", "IMR");
  t.note(
      fmt::format("{}: {} of the same firm in the previous year. {}: share of the other firms of the firm's "
                  "province × industry × year with {} > 0 (leave-one-out). Under the IV columns: Cragg-Donald Wald F and "
                  "Kleibergen-Paap rk LM (ivreg2).",
                  kLaggedTreatment, o.treatment, kShareInstrument, o.treatment));
  return t.finish();
}

}  // namespace tradedig::report::paper

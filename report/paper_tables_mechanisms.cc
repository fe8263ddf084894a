// Tables 5 and 6 of paper 003: mechanisms (three-step mediation with the Sobel test, moderation;
// eq. 12–14) and the three digitization channels (METHODS.md §4).
#include <fmt/format.h>

#include "measure/mediation.h"
#include "measure/moderation.h"
#include "measure/row_subset.h"
#include "report/paper_tables_internal.h"
#include "util/error.h"

namespace tradedig::report::paper {

void add_mediation(PanelContext& ctx, TableAssembly& t, const std::string& mediator, const measure::DataFrame& d,
                   const std::string& sample, const nlohmann::json& spec) {
  const auto& o = *ctx.opt;
  std::vector<std::string> terms = {o.treatment};
  for (const auto& c : ctx.controls_without({mediator})) terms.push_back(c);
  measure::MediationOptions mo;
  mo.fit = ctx.fit_options();
  mo.treatment = o.treatment;
  mo.bootstrap_reps = 0;  // the paper reports the Sobel test
  auto r = measure::mediate(measure::parse_formula(formula_text(o.depvar, terms, ctx.fe)), mediator, d, mo);
  const bool controls = terms.size() > 1;
  nlohmann::json a_spec = spec, b_spec = spec;
  a_spec["path"] = "a";
  b_spec["path"] = "b";
  const std::string prefix = sample.empty() ? "" : sample + ": ";
  t.add(prefix + mediator, r.a_path, {o.treatment}, controls, nullptr, a_spec);
  nlohmann::json res = measure::to_json(r.b_path);
  res["mediation"] = {{"mediator", mediator},           {"indirect", r.indirect},
                      {"sobel_se", r.sobel_se},         {"sobel_z", r.sobel_z},
                      {"sobel_p", r.sobel_p},           {"share_mediated", r.share_mediated},
                      {"total_effect", r.total_effect}, {"direct_effect", r.direct_effect}};
  t.add(fmt::format("{}{} with {}", prefix, o.depvar, mediator), r.b_path, {o.treatment, mediator}, controls, res,
        b_spec);
}

PaperTable table5_mechanisms(PanelContext& ctx) {
  const auto& o = *ctx.opt;
  TableAssembly t(ctx, 5, "Mechanisms: mediation and moderation");
  if (!ctx.has(o.depvar) || !ctx.has(o.treatment)) {
    t.skip("every column", fmt::format("{} not in the data.", missing_list(ctx, {o.depvar, o.treatment})));
    return t.finish();
  }
  t.panel(fmt::format("Mediation: the mediator on {} (a-path), then {} on {} and the mediator (b-path)", o.treatment,
                      o.depvar, o.treatment));
  for (const auto& m : o.mediators) {
    if (!ctx.has(m)) {
      t.skip(fmt::format("{} mediation", m), fmt::format("{} not in the data.", m));
      continue;
    }
    estimate_or_skip(t, fmt::format("{} mediation", m),
                     [&] { add_mediation(ctx, t, m, ctx.data, "", nlohmann::json::object()); });
  }
  const std::string& pm = o.period_mediator;
  if (!pm.empty() && ctx.has(pm) && !o.sub_periods.empty()) {
    t.panel(fmt::format("Mediation by {} in each sub-period", pm));
    for (const auto& [lo, hi] : o.sub_periods) {
      const std::string period = fmt::format("{}-{}", lo, hi);
      estimate_or_skip(t, fmt::format("{} mediation in {}", pm, period), [&] {
        const auto rows = rows_where(ctx.data, o.year, lo, hi);
        if (rows.empty()) throw UserError(fmt::format("no firm-years between {} and {}.", lo, hi));
        add_mediation(ctx, t, pm, measure::select_rows(ctx.data, rows), period,
                      {{"sample", fmt::format("{} in {}-{}", o.year, lo, hi)}});
      });
    }
  }
  t.panel(fmt::format("Moderation: {} on {} × moderator", o.depvar, o.treatment));
  for (const auto& mod : o.moderators) {
    const std::string title = fmt::format("{} × {}", o.treatment, mod);
    if (!ctx.has(mod)) {
      t.skip(title, fmt::format("{} not in the data.", mod));
      continue;
    }
    estimate_or_skip(t, title, [&] {
      std::vector<std::string> terms = {o.treatment};
      for (const auto& c : ctx.controls_without({mod})) terms.push_back(c);
      measure::ModerationOptions mo;
      mo.fit = ctx.fit_options();
      mo.treatment = o.treatment;
      auto r = measure::moderate(measure::parse_formula(formula_text(o.depvar, terms, ctx.fe)), mod, ctx.data, mo);
      nlohmann::json res = measure::to_json(r.fit);
      res["moderation"] = {{"moderator", mod},
                           {"interaction", r.interaction},
                           {"moderator_mean", r.moderator_mean},
                           {"moderator_sd", r.moderator_sd}};
      t.add(title, r.fit, {o.treatment, mod, r.interaction}, terms.size() > 1, res, {{"moderator", mod}});
    });
  }
  t.note(
      "Mediation (Baron-Kenny, paper eq. 12-13): the indirect effect a·b is starred by the Sobel test; a mediator "
      "that is also a control is left out of the controls of its own columns. Moderation (eq. 14): dy/dx rows give "
      "the effect at the moderator's mean and ± one SD.");
  return t.finish();
}

PaperTable table6_channels(PanelContext& ctx) {
  const auto& o = *ctx.opt;
  TableAssembly t(ctx, 6,
                  "Heterogeneity by digital technology: cross-border platform, domestic platform, own homepage");
  const std::string absent = missing_list(ctx, [&] {
    auto v = o.channels;
    v.push_back(o.depvar);
    return v;
  }());
  if (!absent.empty()) {
    t.skip("every column", fmt::format("{} not in the data.", absent));
    return t.finish();
  }
  auto column = [&](const std::string& title, std::vector<std::string> extra) {
    estimate_or_skip(t, title, [&] {
      std::vector<std::string> terms = o.channels;
      terms.insert(terms.end(), extra.begin(), extra.end());
      std::vector<std::string> shown = terms;
      for (const auto& c : ctx.controls_without(extra)) terms.push_back(c);
      auto fit =
          measure::feols(measure::parse_formula(formula_text(o.depvar, terms, ctx.fe)), ctx.data, ctx.fit_options());
      t.add(title, fit, shown, !ctx.controls.empty());
    });
  };
  column("Channels", {});
  if (ctx.has(o.omitted_variable))
    column(fmt::format("Channels and {}", o.omitted_variable), {o.omitted_variable});
  else
    t.skip(fmt::format("Channels and {}", o.omitted_variable), fmt::format("{} not in the data.", o.omitted_variable));
  return t.finish();
}

}  // namespace tradedig::report::paper

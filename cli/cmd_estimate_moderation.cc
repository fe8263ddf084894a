// `tradedig estimate moderation`: an interaction model with marginal effects at mean ± SD.
#include <cstdio>

#include <fmt/format.h>

#include "cli/estimate_methods.h"
#include "cli/estimate_options.h"
#include "measure/moderation.h"

namespace tradedig::cli {
namespace {

struct ModerationArgs {
  std::string formula, data = "v_firm_year_panel", treatment;
  std::vector<std::string> moderators;
  bool center = false;
  FitArgs fit;
  OutputArgs output;
};

void run_moderation(const Globals& g, const ModerationArgs& a) {
  using namespace measure;
  ModerationOptions o;
  o.fit = fit_options(a.fit);
  o.treatment = a.treatment;
  o.center = a.center;
  TableFormat format = parse_table_format(a.output.table);
  const Formula f = parse_formula(a.formula);

  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  std::vector<FitResult> fits;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& moderator : a.moderators) {
    nlohmann::json spec = fit_spec(a.fit);
    spec.update({{"formula", a.formula},
                 {"moderator", moderator},
                 {"treatment", a.treatment},
                 {"center", a.center},
                 {"data", a.data}});
    auto [r, res, run] = log.record(
        "estimate moderation", spec, [&] { return moderate(f, moderator, d, o); },
        [](const ModerationResult& m) { return to_json(m); });
    all.push_back(std::move(res));
    for (const auto& m : r.fit.messages) std::fprintf(stderr, "note (%s): %s\n", r.fit.formula.c_str(), m.c_str());
    fits.push_back(std::move(r.fit));
  }
  if (a.output.json) emit_output(g, all.dump(2) + "\n", a.output.out);
  else emit_output(g, render_table(fits, format), a.output.out);
  log.note_unrecorded(g);
}

}  // namespace

void add_estimate_moderation(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<ModerationArgs>();
  auto* cmd = estimate.add_subcommand(
      "moderation",
      "Moderation (paper 003 eq. 14): y ~ x + w + x:w + controls | fe for each moderator w (one column each),\n"
      "with the marginal effect of x at w = mean - SD, mean and mean + SD (delta-method SEs) at the table foot.\n"
      "x is the first term of the formula unless --treatment names another; --center centres w at its mean.\n"
      "Examples:\n"
      "  tradedig estimate moderation 'QSY ~ lndig + lnsca | firm_id + year' --moderator lnsdp --moderator dpi "
      "--cluster firm_id\n"
      "  tradedig estimate moderation 'inv ~ value | firm + year' --moderator capital --center --data "
      "plm_Grunfeld.csv");
  cmd->add_option("formula", a->formula, "The model without the moderator: 'y ~ x + controls | fe1 + fe2'")->required();
  cmd->add_option("--moderator,-w", a->moderators, "Moderator column (repeat for several models)")->required();
  cmd->add_option("--treatment", a->treatment, "The moderated term (default: the first term)");
  cmd->add_flag("--center", a->center, "Centre the moderator at its estimation-sample mean");
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  add_fit_options(*cmd, a->fit);
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_moderation(g, *a); });
}

}  // namespace tradedig::cli

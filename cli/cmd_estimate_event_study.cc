// `tradedig estimate event-study`: dynamic DID with relative-period dummies, unit and time FE and
// clustered SEs, optionally on a propensity-score-matched sample (PSM-DID); writes plot data.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/estimate_methods.h"
#include "cli/matching_args.h"
#include "cli/run_output.h"
#include "measure/event_study.h"
#include "util/error.h"

namespace tradedig::cli {
namespace {

struct EventStudyArgs {
  std::string formula, data = "v_firm_year_panel", unit = "firm_id", time = "year", event_time, weights;
  std::string match, plot_data;
  double match_period = std::nan("");
  bool use_match_weights = false, bin = false, balance = false;
  int leads = 4, lags = 4, reference = -1;
  std::vector<std::string> cluster;
  MatchingArgs matching;
  OutputArgs output;
};

void run_event_study(const Globals& g, const EventStudyArgs& a) {
  using namespace measure;
  TableFormat format = parse_table_format(a.output.table);
  DataFrame d = load_data(a.data, g.db_path);
  EventStudyOptions o;
  o.unit = a.unit;
  o.time = a.time;
  o.event_time = a.event_time;
  o.leads = a.leads;
  o.lags = a.lags;
  o.reference = a.reference;
  o.bin_endpoints = a.bin;
  o.cluster = a.cluster;
  o.weights = a.weights;

  RunLog log(g);
  nlohmann::json spec = {{"formula", a.formula},       {"data", a.data},          {"unit", a.unit},
                         {"time", a.time},             {"event_time", a.event_time}, {"leads", a.leads},
                         {"lags", a.lags},             {"reference", a.reference}, {"bin", a.bin},
                         {"cluster", a.cluster},       {"weights", a.weights},    {"match", a.match},
                         {"match_weights", a.use_match_weights}};
  std::string balance;
  auto estimate = [&] {
    if (!a.match.empty()) {
      PsmPanelOptions po;
      po.unit = a.unit;
      po.time = a.time;
      po.event_time = a.event_time;
      po.match_period = a.match_period;
      po.link = matching_link(a.matching);
      po.matching = matching_options(a.matching);
      PsmPanel p = psm_matched_panel(a.match, d, po);
      for (const auto& m : p.messages) std::fprintf(stderr, "note (matching): %s\n", m.c_str());
      say(g, fmt::format("PSM-DID sample: {} treated and {} control units matched.", p.units_treated, p.units_control));
      if (a.balance) balance = render_balance(p.balance, format);
      if (a.use_match_weights) {
        if (!o.weights.empty()) throw UserError("Use either --weights or --match-weights, not both.");
        o.weights = po.weight_column;
      }
      return event_study(a.formula, p.panel, o);
    }
    if (a.balance) throw UserError("--balance needs --match.");
    return event_study(a.formula, d, o);
  };
  auto [r, res, run] = log.record("estimate event-study", spec, estimate, [](const EventStudyResult& e) {
    nlohmann::json j = to_json(e.fit);
    j["path"] = event_path_json(e);
    return j;
  });
  for (const auto& m : r.fit.messages) std::fprintf(stderr, "note: %s\n", m.c_str());
  if (!a.plot_data.empty()) {
    const bool json = a.plot_data.size() > 5 && a.plot_data.substr(a.plot_data.size() - 5) == ".json";
    emit_output(g, json ? event_path_json(r).dump(2) + "\n" : event_path_csv(r), a.plot_data);
  }
  if (a.output.json) emit_output(g, res.dump(2) + "\n", a.output.out);
  else emit_output(g, render_event_path(r, format) + (balance.empty() ? "" : "\n" + balance), a.output.out);
  log.note_unrecorded(g);
}

}  // namespace

void add_estimate_event_study(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<EventStudyArgs>();
  auto* cmd = estimate.add_subcommand(
      "event-study",
      "Event study (dynamic DID): y on relative-period dummies pre_k/current/post_k around each unit's first\n"
      "treated period (reference -1), unit and time FE, SEs clustered by unit, via the same engine as\n"
      "`regress`. --bin folds periods beyond the window into the end dummies; otherwise treated rows outside\n"
      "it are dropped. --match 'x1 + x2' first matches ever- and never-treated units on their covariates in\n"
      "--match-period (default: each unit's first period) by the propensity score (PSM-DID) and keeps the\n"
      "matched units. --plot-data FILE.csv|FILE.json writes estimate and 95% CI per period for plotting.\n"
      "Examples:\n"
      "  tradedig estimate event-study 'lnQ ~ lnsize + age' --event-time first_digital_year --leads 4 --lags 4\n"
      "  tradedig estimate event-study 'y ~ x' --data panel.csv --unit firm --time year --event-time adopt \\\n"
      "      --match 'x + i(ind)' --no-replacement --caliper 0.05 --plot-data es.csv");
  cmd->add_option("formula", a->formula, "Outcome and controls: 'y ~ x1 + x2' ('y ~ 1' for none; '| fe' adds FE)")->required();
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  cmd->add_option("--unit", a->unit, "Unit (firm) identifier")->capture_default_str();
  cmd->add_option("--time", a->time, "Time (year) column")->capture_default_str();
  cmd->add_option("--event-time", a->event_time, "First treated period of each unit (missing or <= 0: never)")->required();
  cmd->add_option("--leads", a->leads, "Periods before the event")->capture_default_str();
  cmd->add_option("--lags", a->lags, "Periods after the event")->capture_default_str();
  cmd->add_option("--reference", a->reference, "Omitted relative period")->capture_default_str();
  cmd->add_flag("--bin", a->bin, "Bin periods beyond the window into the end dummies");
  cmd->add_option("--cluster", a->cluster, "Cluster variable(s) (default: the unit)");
  cmd->add_option("--weights", a->weights, "Regression weights column");
  cmd->add_option("--match", a->match, "PSM-DID: covariates of the propensity score, e.g. 'x1 + x2 + i(ind)'");
  cmd->add_option("--match-period", a->match_period, "Period whose covariates are matched on (default: first)");
  cmd->add_flag("--match-weights", a->use_match_weights, "Weight the regression by the matching weights");
  cmd->add_flag("--balance", a->balance, "With --match: print the balance table of the unit-level match");
  add_matching_options(*cmd, a->matching);
  cmd->add_option("--plot-data", a->plot_data, "Write the coefficient path to FILE.csv or FILE.json");
  add_output_options(*cmd, a->output);
  cmd->callback([&g, a] { run_event_study(g, *a); });
}

}  // namespace tradedig::cli

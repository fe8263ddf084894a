#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "db/evidence_store.h"
#include "db/firm_store.h"
#include "db/runs.h"
#include "db/schema.h"
#include "measure/digitization.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::cli {

void add_score_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string years;
    int offset = 0;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "score",
      "Score trade digitization per firm-year from the accepted links (paper 003, Table 1):\n"
      "pit (alibaba.com / made-in-china.com), pdo (1688.com 诚信通), icp (ICP filing or domain),\n"
      "dig_tr = 1 + 4·pit + 2·icp + pdo, lndig = ln(dig_tr), lndigs = ln(1 + max years of use).\n"
      "Every firm in the store is scored for every panel year; each flag keeps the ids of the\n"
      "observations that evidence it. Conflicting start years: the earliest is used, and counted.\n"
      "Example: tradedig score --years 2002-2015");
  cmd->add_option("--years", a->years, "Panel years FIRST-LAST (default: the years in firm_year, else customs)");
  cmd->add_option("--years-offset", a->offset,
                  "A label \"N yrs\" seen in year Y means membership since Y-N+OFFSET")->capture_default_str();
  cmd->callback([&g, a] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    measure::DigitizationOptions o;
    o.years_label_offset = a->offset;
    if (!a->years.empty()) {
      auto parts = split_any(a->years, {"-", ":"});
      auto y0 = parts.size() == 2 ? parse_year(parts[0]) : std::nullopt;
      auto y1 = parts.size() == 2 ? parse_year(parts[1]) : std::nullopt;
      if (!y0 || !y1) throw UserError(fmt::format("--years '{}': expected FIRST-LAST, e.g. 2002-2015", a->years));
      o.first_year = *y0;
      o.last_year = *y1;
    } else if (auto range = db::panel_year_range(c)) {
      o.first_year = range->first;
      o.last_year = range->second;
    } else {
      throw UserError("the store has no firm_year or customs rows to take the panel years from; pass --years FIRST-LAST");
    }
    int64_t run = db::begin_run(c, "score", fmt::format("years={}-{} years_offset={}", o.first_year, o.last_year, o.years_label_offset));
    auto res = measure::score_digitization(db::load_firm_ids(c), db::load_linked_observations(c), o);
    db::replace_digitization(c, res.rows, run);
    const auto& s = res.summary;
    nlohmann::json j = {{"firms", s.firms}, {"firm_years", s.firm_years}, {"links_used", s.links_used},
                        {"links_without_date", s.links_without_date}, {"links_unknown_source", s.links_unknown_source},
                        {"conflicts", s.conflicts}, {"adopters", {{"pit", s.adopters[0]}, {"pdo", s.adopters[1]}, {"icp", s.adopters[2]}}}};
    nlohmann::json levels = nlohmann::json::object();
    for (const auto& [lvl, n] : s.level_counts) levels[std::to_string(lvl)] = n;
    j["dig_tr"] = levels;
    db::finish_run(c, run, true, j.dump());
    std::string msg = fmt::format(
        "scored {} firms × {} years ({}-{}) = {} firm-years (run #{})\n"
        "  links used {}, without a usable date {}, from sources that are no channel {}; conflicting start years {}\n"
        "  adopters by {}: pit {}, pdo {}, icp {}\n  dig_tr:",
        s.firms, o.last_year - o.first_year + 1, o.first_year, o.last_year, s.firm_years, run, s.links_used,
        s.links_without_date, s.links_unknown_source, s.conflicts, o.last_year, s.adopters[0], s.adopters[1], s.adopters[2]);
    for (const auto& [lvl, n] : s.level_counts) msg += fmt::format(" {}:{}", lvl, n);
    say(g, msg);
  });
}

}  // namespace tradedig::cli

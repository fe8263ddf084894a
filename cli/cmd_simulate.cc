#include <fmt/format.h>

#include "cli/commands.h"
#include "measure/simulate.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::cli {

void add_simulate_command(CLI::App& app, Globals& g) {
  auto o = std::make_shared<measure::SimulationOptions>();
  auto out = std::make_shared<std::string>("simulated");
  auto years = std::make_shared<std::string>("2002-2015");
  auto* cmd = app.add_subcommand(
      "simulate",
      "Write SYNTHETIC firms and customs transactions with a known data-generating process (true quality,\n"
      "demand q = λ^(σ-1) p^(-σ), digitization start years, a planted effect of lndig on quality) for\n"
      "tests, benchmarks and demos: firms.csv, customs.csv (Chinese headers, like an extract) and\n"
      "truth.csv. Every file marks its rows as synthetic.\n"
      "Example: tradedig simulate --firms 5000 --out sim && tradedig import customs sim/customs.csv");
  cmd->add_option("--out", *out, "Output folder")->capture_default_str();
  cmd->add_option("--firms", o->firms, "Number of firms")->capture_default_str();
  cmd->add_option("--years", *years, "Years FIRST-LAST")->capture_default_str();
  cmd->add_option("--products", o->products, "HS8 products (at most 40)")->capture_default_str();
  cmd->add_option("--destinations", o->destinations, "Destinations (at most 30)")->capture_default_str();
  cmd->add_option("--sigma", o->sigma, "σ of every product; 0 draws σ per product from [2.5, 8]")->capture_default_str();
  cmd->add_option("--beta", o->beta_lndig, "Planted effect of lndig on log quality")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  cmd->callback([&g, o, out, years] {
    auto parts = split_any(*years, {"-"});
    auto y0 = parts.size() == 2 ? parse_year(parts[0]) : std::nullopt, y1 = parts.size() == 2 ? parse_year(parts[1]) : std::nullopt;
    if (!y0 || !y1) throw UserError(fmt::format("--years '{}': expected FIRST-LAST", *years));
    o->first_year = *y0;
    o->last_year = *y1;
    auto sim = measure::simulate(*o);
    measure::write_simulation(sim, *out);
    say(g, fmt::format("wrote SYNTHETIC data to {}: {} firms, {} customs transactions, {} KSW observations "
                       "(σ {}, planted β on lndig {})",
                       *out, sim.firms.size(), sim.customs.size(), sim.truth_panel.size(),
                       o->sigma > 0 ? fmt::format("{}", o->sigma) : std::string("per product"), o->beta_lndig));
  });
}

}  // namespace tradedig::cli

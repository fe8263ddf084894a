#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "cli/commands.h"
#include "measure/simulate.h"
#ifdef TRADEDIG_HAVE_PIPELINE
#include "pipeline/demo_world.h"
#endif
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::cli {

#ifndef TRADEDIG_SAMPLE_DIR
#define TRADEDIG_SAMPLE_DIR "sample"
#endif

namespace {

#ifdef TRADEDIG_HAVE_PIPELINE
int current_utc_year() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

// `tradedig simulate world`: the offline demo world of pipeline/demo_world.h.
CLI::App* add_world_subcommand(CLI::App& simulate, Globals& g) {
  auto o = std::make_shared<pipeline::DemoWorldOptions>();
  o->firms_path = std::string(TRADEDIG_SAMPLE_DIR) + "/firms_astock_2021.csv";
  o->profiles_dir = std::string(TRADEDIG_SAMPLE_DIR) + "/../profiles";
  o->observe_year = current_utc_year();
  auto out = std::make_shared<std::string>("demo-world");
  auto* cmd = simulate.add_subcommand(
      "world",
      "Write the offline demo world: real listed-firm names with SYNTHETIC platform memberships,\n"
      "ICP filings, domains (WHOIS/RDAP), search pages with namesakes, sponsored entries, misses and\n"
      "block pages, and SYNTHETIC customs whose quality depends on the planted digitization. The folder\n"
      "is served by `tradedig replay DIR`; truth.csv holds the planted start years, README.md says\n"
      "what is simulated. Page labels (\"N yrs\") count from --observe-year (default: this year).\n"
      "Example: tradedig simulate world --firms sample/firms_astock_2021.csv --out /tmp/world --firms-limit 500\n"
      "         tradedig replay /tmp/world --port 8089");
  cmd->add_option("--firms", o->firms_path, "Firm list (firm_id/ts_code, name_zh/fullname, name_en/enname)")
      ->capture_default_str();
  cmd->add_option("--out", *out, "Output folder (served by tradedig replay)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  cmd->add_option("--firms-limit", o->firms_limit, "Only the first N firms of the list (0: all)")->capture_default_str();
  cmd->add_option("--profiles", o->profiles_dir, "Folder of source profiles (URL templates, query encodings)")
      ->capture_default_str();
  cmd->add_option("--observe-year", o->observe_year, "Year the pages' membership labels count from")->capture_default_str();
  cmd->add_option("--beta", o->beta_lndig, "Planted effect of the true lndig on log quality")->capture_default_str();
  cmd->add_option("--block-share", o->block_share, "Share of queries answered by a block page")->capture_default_str();
  cmd->callback([&g, o, out] {
    auto world = pipeline::generate_demo_world(*o);
    auto s = pipeline::write_demo_world(world, *out);
    say(g, fmt::format("wrote the demo world to {} (SYNTHETIC except the firm names): {} firms, {} pages, {} queries, "
                       "{} customs transactions; adopters by {}: pit {}, pdo {}, icp {}; planted β on lndig {}; "
                       "{} queries left out\nserve it with: tradedig replay {} --port 8089",
                       *out, s.firms, s.pages, s.queries, s.customs_rows, o->last_year, s.adopters["pit"],
                       s.adopters["pdo"], s.adopters["icp"], o->beta_lndig, world.skipped_queries, *out));
  });
  return cmd;
}
#endif

}  // namespace

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
  CLI::App* world = nullptr;
#ifdef TRADEDIG_HAVE_PIPELINE
  world = add_world_subcommand(*cmd, g);
#endif
  cmd->callback([&g, o, out, years, world] {
    if (world && world->parsed()) return;  // `simulate world` did the work
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

#include "pipeline/demo_run.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "crawler/replay_server.h"
#include "crawler/whois_replay_server.h"
#include "pipeline/demo_world.h"
#include "util/error.h"

namespace tradedig::pipeline {

namespace {

namespace fs = std::filesystem;

int current_utc_year() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

// The demo's tradedig.toml: each source on its own local replay server (its own host, as on the
// real web, so one source's Retry-After pauses only that source). The servers are ours, so the
// politeness of the real sites (5-20 s between requests, Retry-After obeyed in full) would only
// make the demo slow: delays are off and Retry-After is capped at 0.2 s. robots.txt is still read
// and obeyed, and the planted 429s and block pages still go through the retry and block paths.
std::string demo_config(const std::map<std::string, std::string>& bases, const std::string& world, int first_year, int last_year) {
  std::string s = fmt::format(
      "# Written by `tradedig demo`: the SYNTHETIC demo world served on 127.0.0.1.\n"
      "store = \"demo.db\"\n"
      "contact = \"tradedig-demo@localhost\"\n\n"
      "[inputs]\n"
      "firms = \"{world}/firms.csv\"\n"
      "customs = [\"{world}/customs/customs.csv\"]\n"
      "survey = \"{world}/survey/survey.csv\"\n\n"
      "[panel]\nfirst_year = {a}\nlast_year = {b}\n\n"
      "[crawl]\n"
      "max_in_flight = 64\n"
      "max_wait_for_due_s = 30\n"
      "backoff_s = 0.05\n"
      "max_attempts = 3\n"
      "breaker_cooldown_s = 0.5\n"
      "retry_after_cap_s = 0.2  # ONLY because the server is ours: never cap a real site's Retry-After\n",
      fmt::arg("world", world), fmt::arg("a", first_year), fmt::arg("b", last_year));
  for (const auto& [name, base] : bases)
    s += fmt::format("\n[crawl.source.{}]\nbase_url = \"{}\"\nmin_delay_s = 0\nmax_concurrency = 8\n"
                     "autothrottle = false\n",
                     name, base);
  s += "\n[match]\nreview = \"review.csv\"\n\n"
       "[quality]\nvariants = [\"QKL\", \"QBW\"]\n"
       "# ln quality itself, the scale the world plants lndig's effect on (the paper's min-max [0, 1]\n"
       "# normalisation would divide it by each product's quality range)\n"
       "normalise = false\n\n"
       "[tables]\ndepvar = \"QKL\"\nout_dir = \"tables\"\n\n"
       "[report]\nout = \"report.html\"\ntitle = \"tradedig demo (SYNTHETIC platform, customs and survey data)\"\n";
  return s;
}

}  // namespace

DemoResult run_demo(const DemoOptions& opt) {
  auto say = [&](const std::string& s) {
    if (opt.say) opt.say(s);
    else std::printf("%s\n", s.c_str());
  };
  fs::create_directories(opt.out_dir);
  const fs::path out = fs::absolute(opt.out_dir);
  std::string firms = (fs::path(opt.sample_dir) / "firms_astock_2021.csv").string();
  if (!fs::exists(firms))
    throw UserError(fmt::format("the demo sample is missing ({}); pass --sample with the repository's sample/ folder", firms));
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(out / (std::string("demo.db") + suffix));
  fs::remove_all(out / "tables");

  auto t0 = std::chrono::steady_clock::now();
  DemoWorldOptions wo;
  wo.firms_path = firms;
  wo.profiles_dir = opt.profiles_dir;
  wo.firms_limit = opt.firms_limit;
  wo.observe_year = current_utc_year();
  DemoWorld world = generate_demo_world(wo);
  const std::string world_dir = (out / "world").string();
  fs::remove_all(world_dir);
  auto ws = write_demo_world(world, world_dir);
  say(fmt::format("SYNTHETIC demo world: {} real listed-firm names with simulated platform memberships, ICP filings,\n"
                  "domains and customs ({} pages, {} customs rows) in {} ({:.1f} s). Planted: lndig raises log\n"
                  "export quality by {}.",
                  ws.firms, ws.pages, ws.customs_rows, world_dir,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), wo.beta_lndig));

  std::vector<std::unique_ptr<crawler::ReplayServer>> servers;
  std::string where;
  std::map<std::string, std::string> bases;
  for (const auto& src : default_sources()) {
    if (src.name == "whois") continue;
    servers.push_back(std::make_unique<crawler::ReplayServer>(world_dir));
    int port = servers.back()->start(0);
    bases[src.name] = fmt::format("http://127.0.0.1:{}", port);
    where += fmt::format("{}{} :{}", where.empty() ? "" : ", ", src.name, port);
  }
  // WHOIS over port 43: a registry server answering from the world's whois/ replies.
  crawler::WhoisReplayServer registry((fs::path(world_dir) / "whois").string(), "{query}");
  int whois_port = registry.start(0);
  bases["whois"] = fmt::format("whois://127.0.0.1:{}", whois_port);
  where += fmt::format(", whois (port 43 protocol) :{}", whois_port);
  say(fmt::format("Replay servers on 127.0.0.1, one per source ({}); offline: nothing leaves this machine.", where));

  DemoResult res;
  res.planted = wo.beta_lndig;
  res.config_path = (out / "tradedig.toml").string();
  {
    std::ofstream cfg(res.config_path, std::ios::binary | std::ios::trunc);
    if (!(cfg << demo_config(bases, world_dir, wo.first_year, wo.last_year)))
      throw UserError(fmt::format("cannot write {}", res.config_path));
  }
  RunConfig cfg = load_run_config(res.config_path);
  RunOptions ro;
  ro.builtin_profiles_dir = opt.profiles_dir;
  ro.measure_data_dir = opt.measure_data_dir;
  ro.tool_version = opt.tool_version;
  ro.progress = opt.progress;
  ro.say = opt.say;
  ro.crawl_log = [](std::string_view) {};  // the demo's planted 429s and block pages would flood the terminal
  res.run = run_pipeline(cfg, ro);
  for (auto& srv : servers) srv->stop();
  registry.stop();
  if (!res.run.table2.empty()) {
    const auto& f = res.run.table2.front();
    for (size_t i = 0; i < f.names.size(); ++i)
      if (f.names[i] == "lndig") {
        res.have_estimate = true;
        res.estimate = f.coef[i];
        res.ci_low = f.ci_low[i];
        res.ci_high = f.ci_high[i];
      }
  }
  return res;
}

}  // namespace tradedig::pipeline

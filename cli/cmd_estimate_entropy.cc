// `tradedig estimate entropy`: a composite index by the entropy-weight method. Prints the weights;
// stores weights and scores (tables index_weights, index_scores) when a store exists, and writes the
// scores to a CSV file with --out.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "cli/estimate_methods.h"
#include "cli/run_output.h"
#include "db/schema.h"
#include "measure/entropy_index.h"
#include "util/error.h"
#include "util/text_table.h"

namespace tradedig::cli {
namespace {

struct EntropyArgs {
  std::string data = "v_firm_year_panel", id = "firm_id", year = "year", name = "index", out;
  std::vector<std::string> positive, negative;
  bool per_year = false, json = false;
  double shift = 0.0001;
};

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

void write_scores_csv(const std::string& path, const std::string& name, const measure::EntropyIndex& ix) {
  std::ofstream f(path, std::ios::binary);
  f << "name,firm_id,year,score\n";
  for (const auto& s : ix.scores)
    f << fmt::format("{},{},{},{:.17g}\n", csv_cell(name), csv_cell(s.unit), s.year ? std::to_string(*s.year) : "",
                     s.score);
  if (!f) throw UserError(fmt::format("Cannot write {}.", path));
}

// Replaces the rows of index `name` in one transaction.
void store_index(db::Connection& c, const std::string& name, double shift, int64_t run,
                 const measure::EntropyIndex& ix) {
  db::Transaction tx(c);
  c.prepare("DELETE FROM index_weights WHERE name = ?").bind(1, name).run();
  c.prepare("DELETE FROM index_scores WHERE name = ?").bind(1, name).run();
  auto w = c.prepare(
      "INSERT INTO index_weights(name, year, indicator, direction, entropy, divergence, weight, shift, run_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& x : ix.weights) {
    w.bind_all(name, x.year, x.indicator, x.positive ? "positive" : "negative", x.entropy, x.divergence, x.weight,
               shift);
    if (run >= 0)
      w.bind(9, run);
    else
      w.bind_null(9);
    w.run();
  }
  auto s = c.prepare("INSERT INTO index_scores(name, firm_id, year, score) VALUES (?, ?, ?, ?)");
  for (const auto& x : ix.scores) {
    s.bind_all(name, x.unit, x.year, x.score);
    s.run();
  }
  tx.commit();
}

std::string weights_table(const measure::EntropyIndex& ix) {
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (const auto& w : ix.weights)
    rows.push_back({w.indicator, std::string(w.positive ? "positive" : "negative"),
                    w.year ? std::optional<std::string>(std::to_string(*w.year)) : std::optional<std::string>("pooled"),
                    fmt::format("{:.6f}", w.entropy), fmt::format("{:.6f}", w.divergence),
                    fmt::format("{:.6f}", w.weight)});
  return render_text_table({"indicator", "direction", "year", "entropy", "divergence", "weight"}, rows,
                           {false, false, false, true, true, true});
}

void run_entropy(const Globals& g, const EntropyArgs& a) {
  using namespace measure;
  EntropyOptions o;
  o.positive = a.positive;
  o.negative = a.negative;
  o.id = a.id;
  o.year = a.year;
  o.per_year = a.per_year;
  o.shift = a.shift;
  DataFrame d = load_data(a.data, g.db_path);
  RunLog log(g);
  nlohmann::json spec = {{"data", a.data}, {"positive", a.positive}, {"negative", a.negative}, {"id", a.id},
                         {"year", a.year}, {"per_year", a.per_year}, {"shift", a.shift},       {"name", a.name}};
  // Saving the index is part of the run: a failed write is recorded as a failed run.
  auto estimate = [&](int64_t run) {
    EntropyIndex ix = entropy_index(d, o);
    if (log.active()) {
      db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
      store_index(c, a.name, a.shift, run, ix);
    }
    if (!a.out.empty()) write_scores_csv(a.out, a.name, ix);
    return ix;
  };
  auto [ix, res, run] = log.record("estimate entropy", spec, estimate, [&](const EntropyIndex& e) {
    nlohmann::json j = {{"name", a.name}, {"weights", nlohmann::json::array()}};
    for (const auto& w : e.weights)
      j["weights"].push_back({{"indicator", w.indicator},
                              {"direction", w.positive ? "positive" : "negative"},
                              {"year", w.year ? nlohmann::json(*w.year) : nlohmann::json()},
                              {"entropy", w.entropy},
                              {"divergence", w.divergence},
                              {"weight", w.weight}});
    j["scores"] = static_cast<int64_t>(e.scores.size());
    j["incomplete_rows"] = e.incomplete;
    return j;
  });

  if (a.json)
    std::fputs((res.dump(2) + "\n").c_str(), stdout);
  else
    std::fputs(weights_table(ix).c_str(), stdout);
  if (ix.incomplete > 0)
    std::fprintf(stderr, "note: %lld row(s) with a missing indicator, id or year were left out.\n",
                 static_cast<long long>(ix.incomplete));
  if (log.active())
    say(g, fmt::format("stored {} weights and {} scores as index `{}` (tables index_weights, index_scores)",
                       ix.weights.size(), ix.scores.size(), a.name));
  if (!a.out.empty()) say(g, fmt::format("wrote {} scores to {}", ix.scores.size(), a.out));
  if (!log.active() && a.out.empty())
    say(g, fmt::format("note: no store at {} and no --out, so the scores were not saved.", g.db_path));
}

}  // namespace

void add_estimate_entropy(CLI::App& estimate, Globals& g) {
  auto a = std::make_shared<EntropyArgs>();
  auto* cmd = estimate.add_subcommand(
      "entropy",
      "Composite index by the entropy-weight method: min-max normalise each indicator (positive: larger is\n"
      "better; negative: smaller is better), add --shift, entropy e_j, weight w_j = (1-e_j)/sum(1-e_k),\n"
      "score = sum_j w_j x'_ij. Weights pooled over all firm-years, or per year with --per-year.\n"
      "Prints the weights; with a store, writes index_weights and index_scores(name, firm_id, year, score)\n"
      "(an index of the same --name is replaced); --out FILE writes the scores as CSV.\n"
      "Example:\n"
      "  tradedig estimate entropy --data indicators.csv --positive ecommerce,patents --negative cost \\\n"
      "      --id firm_id --year year --name digindex --out digindex.csv");
  cmd->add_option("--data", a->data, "A CSV/.dta file, or a table/view of the store")->capture_default_str();
  cmd->add_option("--positive", a->positive, "Indicators where larger is better (comma-separated)")->delimiter(',');
  cmd->add_option("--negative", a->negative, "Indicators where smaller is better (comma-separated)")->delimiter(',');
  cmd->add_option("--id", a->id, "Unit identifier column")->capture_default_str();
  cmd->add_option("--year", a->year, "Year column")->capture_default_str();
  cmd->add_flag("--per-year", a->per_year, "Normalise and weigh each year separately");
  cmd->add_option("--shift", a->shift, "Constant added after min-max normalisation (avoids ln 0)")
      ->capture_default_str();
  cmd->add_option("--name", a->name, "Name of the index in the store")->capture_default_str();
  cmd->add_option("--out", a->out, "Write the scores to this CSV file");
  cmd->add_flag("--json", a->json, "Print the weights as JSON instead of a table");
  cmd->callback([&g, a] { run_entropy(g, *a); });
}

}  // namespace tradedig::cli

#include "report/model_runs.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/html.h"

namespace tradedig::report {

std::vector<RecordedModel> recorded_models(const db::Connection& c) {
  std::vector<RecordedModel> out;
  // The latest run of each (command, spec): a re-run supersedes the earlier one.
  auto st = c.prepare(
      "SELECT run_id, command, spec, results_json FROM runs WHERE run_id IN ("
      "  SELECT max(run_id) FROM runs WHERE status = 'ok' AND results_json IS NOT NULL GROUP BY command, spec) "
      "ORDER BY run_id");
  while (st.step()) {
    const int64_t run = st.column_int(0);
    const std::string command = st.column_string(1);
    nlohmann::json spec = nlohmann::json::parse(st.is_null(2) ? std::string("{}") : st.column_string(2), nullptr, false);
    nlohmann::json res = nlohmann::json::parse(st.column_string(3), nullptr, false);
    if (res.is_discarded() || !res.is_object()) continue;
    const std::string table = spec.is_object() ? spec.value("table", "") : "";
    const std::string title = spec.is_object() ? spec.value("title", "") : "";
    auto add = [&](const nlohmann::json& m) {
      RecordedModel r{run, command, table, title, measure::fit_from_json(m)};
      if (r.title.empty()) r.title = r.fit.estimator;
      out.push_back(std::move(r));
    };
    if (res.contains("coefficients")) {
      add(res);
    } else {
      for (const auto& [key, value] : res.items())
        if (value.is_object() && value.contains("coefficients")) add(value);
    }
  }
  return out;
}

Section tables_section(const std::vector<RecordedModel>& models) {
  Section s{"tables", "Estimates", ""};
  if (models.empty()) {
    s.html = "<p class=\"note\">No models have been estimated yet (`tradedig regress`, `tradedig estimate`).</p>\n";
    return s;
  }
  std::vector<std::string> keys;
  auto key_of = [](const RecordedModel& m) { return m.table.empty() ? fmt::format("Run {}: {}", m.run_id, m.command) : m.table; };
  for (const auto& m : models)
    if (std::find(keys.begin(), keys.end(), key_of(m)) == keys.end()) keys.push_back(key_of(m));
  for (const auto& key : keys) {
    std::vector<measure::FitResult> fits;
    measure::TableOptions to;
    std::vector<std::string> formulas;
    for (const auto& m : models)
      if (key_of(m) == key) {
        fits.push_back(m.fit);
        to.model_titles.push_back(fmt::format("({}) {}", fits.size(), m.title));
        formulas.push_back(fmt::format("({}) {} [run {}]", fits.size(), m.fit.formula, m.run_id));
      }
    s.html += "<h3>" + html_escape(key) + "</h3>\n" + measure::render_table(fits, measure::TableFormat::kHtml, to);
    s.html += "<p class=\"note\">";
    for (const auto& f : formulas) s.html += html_escape(f) + "<br>";
    s.html += "</p>\n";
  }
  return s;
}

std::vector<EventPoint> latest_event_path(const db::Connection& c, std::string* formula) {
  std::vector<EventPoint> out;
  auto st = c.prepare("SELECT spec, results_json FROM runs WHERE status = 'ok' AND command = 'estimate event-study' "
                      "AND results_json IS NOT NULL ORDER BY run_id DESC LIMIT 1");
  if (!st.step()) return out;
  nlohmann::json spec = nlohmann::json::parse(st.is_null(0) ? std::string("{}") : st.column_string(0), nullptr, false);
  nlohmann::json res = nlohmann::json::parse(st.column_string(1), nullptr, false);
  if (formula && spec.is_object()) *formula = spec.value("formula", "");
  if (res.is_discarded() || !res.contains("path") || !res["path"].is_array()) return out;
  auto num = [](const nlohmann::json& p, const char* key) {
    return p.contains(key) && p[key].is_number() ? p[key].get<double>() : 0.0;
  };
  for (const auto& p : res["path"])
    out.push_back({num(p, "period"), num(p, "estimate"), num(p, "ci_low"), num(p, "ci_high")});
  return out;
}

std::vector<Interval> focus_intervals(const std::vector<RecordedModel>& models, const std::string& variable) {
  std::vector<Interval> out;
  for (const auto& m : models)
    for (size_t j = 0; j < m.fit.names.size(); ++j)
      if (m.fit.names[j] == variable) {
        const auto i = static_cast<Eigen::Index>(j);
        std::string label = m.table.empty() ? fmt::format("run {}", m.run_id) : m.table;
        label += " " + m.title;
        out.push_back({label, m.fit.coef[i], m.fit.ci_low[i], m.fit.ci_high[i]});
      }
  return out;
}

}  // namespace tradedig::report

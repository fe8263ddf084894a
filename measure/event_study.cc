// Event study with relative-time dummies, unit and time FE and clustered SEs (feols), and its
// coefficient path as plot data and as a table.
#include "measure/event_study.h"

#include <cmath>

#include <fmt/format.h>

#include "measure/grid_table.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

std::string period_name(int k) {
  if (k < 0) return fmt::format("pre_{}", -k);
  if (k == 0) return "current";
  return fmt::format("post_{}", k);
}

const Column& numeric_column(const DataFrame& d, const std::string& name, const char* role) {
  const Column* c = d.find(name);
  if (!c) throw UserError(fmt::format("The {} column {} is not in the data.", role, name));
  if (!c->numeric) throw UserError(fmt::format("The {} column {} must be numeric.", role, name));
  return *c;
}

std::string trim_copy(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

EventStudyResult event_study(const std::string& formula, const DataFrame& d, const EventStudyOptions& o) {
  if (o.leads < 0 || o.lags < 0) throw UserError("The event window needs leads >= 0 and lags >= 0.");
  if (o.reference < -o.leads || o.reference > o.lags)
    throw UserError(fmt::format("The reference period {} lies outside the window -{}..{}.", o.reference, o.leads, o.lags));
  if (o.leads + o.lags < 1) throw UserError("The event window has no period besides the reference.");
  const Column& time = numeric_column(d, o.time, "time");
  const Column& event = numeric_column(d, o.event_time, "event-time");
  if (!d.find(o.unit)) throw UserError(fmt::format("The unit column {} is not in the data.", o.unit));

  const size_t tilde = formula.find('~');
  if (tilde == std::string::npos) throw UserError("The event-study formula needs the form 'y ~ controls'.");
  const size_t bar = formula.find('|', tilde);
  const std::string lhs = trim_copy(formula.substr(0, tilde));
  const std::string rhs = trim_copy(formula.substr(tilde + 1, bar == std::string::npos ? std::string::npos : bar - tilde - 1));
  const std::string extra_fe = bar == std::string::npos ? "" : trim_copy(formula.substr(bar + 1));
  if (extra_fe.find('|') != std::string::npos) throw UserError("The event-study formula takes no IV part.");

  // Relative period of every treated observation; NaN for never-treated units and missing times.
  const size_t n = static_cast<size_t>(d.rows());
  std::vector<double> rel(n, std::nan(""));
  std::vector<char> drop(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const double e = event.values[i], t = time.values[i];
    if (std::isnan(e) || e <= 0 || std::isnan(t)) continue;
    double k = t - e;
    if (o.bin_endpoints) k = std::min<double>(std::max<double>(k, -o.leads), o.lags);
    else if (k < -o.leads || k > o.lags) drop[i] = 1;
    rel[i] = k;
  }

  DataFrame data = d;
  EventStudyResult r;
  std::string dummies;
  for (int k = -o.leads; k <= o.lags; ++k) {
    EventPathPoint pt;
    pt.period = k;
    pt.name = period_name(k);
    pt.reference = k == o.reference;
    for (size_t i = 0; i < n; ++i)
      if (!drop[i] && rel[i] == k) ++pt.treated_obs;
    r.path.push_back(pt);
    if (pt.reference) continue;
    if (d.find(pt.name)) throw UserError(fmt::format("The data already have a column {}; rename it for the event study.", pt.name));
    // Dropped observations get NaN so that the model frame leaves them out.
    std::vector<double> col(n);
    for (size_t i = 0; i < n; ++i) col[i] = drop[i] ? std::nan("") : (rel[i] == k ? 1.0 : 0.0);
    data.add_numeric_column(pt.name, std::move(col));
    dummies += (dummies.empty() ? "" : " + ") + pt.name;
  }
  std::string text = lhs + " ~ " + dummies;
  if (!rhs.empty() && rhs != "1") text += " + " + rhs;
  text += " | " + o.unit + " + " + o.time + (extra_fe.empty() ? "" : " + " + extra_fe);

  FitOptions fo;
  fo.cluster = o.cluster.empty() ? std::vector<std::string>{o.unit} : o.cluster;
  fo.weights = o.weights;
  fo.drop_singletons = o.drop_singletons;
  r.fit = feols(parse_formula(text), data, fo);
  r.fit.estimator = "Event study (OLS)";
  r.fit.formula = text;
  for (auto& pt : r.path) {
    if (pt.reference) continue;
    size_t j = 0;
    while (j < r.fit.names.size() && r.fit.names[j] != pt.name) ++j;
    if (j == r.fit.names.size()) {
      pt.estimate = pt.se = pt.ci_low = pt.ci_high = std::nan("");
      r.fit.messages.push_back(fmt::format("Relative period {} has no identifying variation (dropped).", pt.period));
      continue;
    }
    const auto jj = static_cast<Eigen::Index>(j);
    pt.estimate = r.fit.coef[jj];
    pt.se = r.fit.se[jj];
    pt.ci_low = r.fit.ci_low[jj];
    pt.ci_high = r.fit.ci_high[jj];
    pt.p = r.fit.p[jj];
  }
  r.fit.extra_stats.push_back({"Reference period", fmt::format("{}", o.reference)});
  r.fit.extra_stats.push_back({"Window", fmt::format("{}..{}{}", -o.leads, o.lags, o.bin_endpoints ? " (binned ends)" : "")});
  return r;
}

std::string event_path_csv(const EventStudyResult& r) {
  std::string out = "period,name,estimate,se,ci_low,ci_high,p,treated_obs,reference\n";
  for (const auto& p : r.path)
    out += fmt::format("{},{},{:.17g},{:.17g},{:.17g},{:.17g},{},{},{}\n", p.period, p.name, p.estimate, p.se, p.ci_low,
                       p.ci_high, std::isnan(p.p) ? std::string("") : fmt::format("{:.17g}", p.p), p.treated_obs,
                       p.reference ? 1 : 0);
  return out;
}

nlohmann::json event_path_json(const EventStudyResult& r) {
  nlohmann::json a = nlohmann::json::array();
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  for (const auto& p : r.path)
    a.push_back({{"period", p.period}, {"name", p.name}, {"estimate", num(p.estimate)}, {"se", num(p.se)},
                 {"ci_low", num(p.ci_low)}, {"ci_high", num(p.ci_high)}, {"p", num(p.p)},
                 {"treated_obs", p.treated_obs}, {"reference", p.reference}});
  return a;
}

std::string render_event_path(const EventStudyResult& r, TableFormat format, int digits) {
  std::vector<std::vector<std::string>> rows;
  auto num = [&](double v) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : std::string(); };
  for (const auto& p : r.path) {
    if (p.reference) {
      rows.push_back({p.name, fmt::format("{}", p.period), "0 (ref.)", "", "", "", "", fmt::format("{}", p.treated_obs)});
      continue;
    }
    rows.push_back({p.name, fmt::format("{}", p.period), num(p.estimate), num(p.se), num(p.ci_low), num(p.ci_high),
                    std::isnan(p.p) ? "" : fmt::format("{:.3f}", p.p), fmt::format("{}", p.treated_obs)});
  }
  const std::string note = fmt::format("{} observations; SEs {}; 95% CIs with t({}) critical values.", r.fit.nobs,
                                       r.fit.vcov_type, r.fit.df_resid);
  return render_grid({"Regressor", "Period", "Estimate", "SE", "CI low", "CI high", "p", "Treated obs"}, rows, format, note);
}

}  // namespace tradedig::measure

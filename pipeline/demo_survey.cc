// The demo world's SYNTHETIC industrial survey: firm-year accounting columns drawn per firm from
// the world's seed (see demo_survey.h for the data-generating process).
#include "pipeline/demo_survey.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "pipeline/demo_pages.h"
#include "util/error.h"

namespace tradedig::pipeline {
namespace {

// A firm's survey stream: its own generator, so one firm's rows do not depend on the others'.
class SurveyDraws {
 public:
  SurveyDraws(uint64_t seed, const std::string& firm_id) : g_(seed ^ stable_hash("survey|" + firm_id)) {}
  double normal(double mean, double sd) { return std::normal_distribution<double>(mean, sd)(g_); }
  double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(g_); }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g_); }
  bool chance(double p) { return uniform(0, 1) < p; }
  int poisson(double mean) { return mean > 0 ? std::poisson_distribution<int>(mean)(g_) : 0; }

 private:
  std::mt19937_64 g_;
};

// Money and counts rounded as a survey prints them (thousand yuan to one decimal).
std::string money(double v) { return fmt::format("{:.1f}", v); }

}  // namespace

void write_demo_survey(const DemoWorld& world, const std::string& path) {
  const auto& o = world.options;
  const std::filesystem::path file(path);
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  if (!out) throw UserError("cannot write " + path);
  out << "firm_id,year,founded,employees,fixed_assets,wages_payable,interest_expense,total_assets,total_profit,"
         "industrial_sales,revenue,foreign_capital,paid_in_capital,patents,synthetic\n";
  for (const DemoFirm& f : world.firms) {
    SurveyDraws r(o.seed, f.firm_id);
    // Firm-level traits, drawn once.
    const int founded =
        f.founded > 0 && f.founded <= o.first_year ? f.founded : r.between(o.first_year - 17, o.first_year);
    const double size = r.normal(std::log(250.0), 1.0), growth = r.normal(0.03, 0.04);
    const double capital = r.normal(std::log(150.0), 0.8), wage = r.normal(std::log(20.0), 0.3);
    const double leverage = r.normal(std::log(2.2), 0.2), productivity = r.normal(std::log(400.0), 0.5);
    const double margin = r.normal(0.05, 0.04),
                 interest = r.chance(0.2) ? 0.0 : std::exp(r.normal(std::log(0.01), 0.5));
    const double paid_in = std::exp(r.normal(std::log(0.3), 0.2));
    // Foreign stakes drift a little from year to year, so firms near 25% switch foe status.
    const double foreign = r.chance(0.25) ? r.uniform(0.2, 1.0) : r.chance(0.15) ? r.uniform(0.01, 0.2) : 0.0;
    const double patent_rate = r.chance(0.3) ? std::exp(r.normal(0.0, 1.0)) : 0.0;
    for (int year = o.first_year; year <= o.last_year; ++year) {
      const double employees =
          std::max(5.0, std::round(std::exp(size + growth * (year - o.first_year) + r.normal(0, 0.1))));
      const double fixed_assets = employees * std::exp(capital + r.normal(0, 0.1));
      const double total_assets = fixed_assets * std::exp(leverage + r.normal(0, 0.05));
      const double sales = employees * std::exp(productivity + r.normal(0, 0.1));
      const double profit = sales * (margin + r.normal(0, 0.03));
      const double paid = total_assets * paid_in;
      const double stake = foreign > 0 ? std::clamp(foreign + r.normal(0, 0.04), 0.0, 1.0) : 0.0;
      const int patents = r.poisson(patent_rate);
      out << f.firm_id << ',' << year << ',' << founded << ',' << fmt::format("{:.0f}", employees) << ','
          << money(fixed_assets) << ',' << money(employees * std::exp(wage + r.normal(0, 0.05))) << ','
          << money(total_assets * interest * std::exp(r.normal(0, 0.3))) << ',' << money(total_assets) << ','
          << money(profit) << ',' << money(sales) << ',' << money(sales * std::exp(r.normal(0.02, 0.02))) << ','
          << money(paid * stake) << ',' << money(paid) << ',' << patents << ",1\n";
    }
  }
  if (!out.flush()) throw UserError("cannot write " + path);
}

}  // namespace tradedig::pipeline

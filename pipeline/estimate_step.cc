#include "pipeline/estimate_step.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "measure/estimate.h"
#include "util/error.h"

namespace tradedig::pipeline {

namespace {

// Table 2's columns (METHODS.md §3): lndig alone, + basic controls, province×industry×year FE,
// + supply capacity, + destination market, + information cost.
struct Spec {
  std::string rhs, fe;
};

bool usable(const measure::DataFrame& d, const std::string& var) {
  const measure::Column* col = d.find(var);
  if (!col || !col->numeric) return false;
  for (double v : col->values)
    if (!std::isnan(v)) return true;
  return false;
}

}  // namespace

EstimateStepReport run_estimate_step(db::Connection& c, const EstimateStepOptions& opt) {
  EstimateStepReport rep;
  measure::DataFrame d = measure::load_store_table(c, "v_firm_year_panel");
  if (d.rows() == 0) throw UserError("the analysis panel v_firm_year_panel is empty: run the quality step first");
  std::filesystem::create_directories(opt.out_dir);
  const std::string basic = "lnage + lnsca + lncap + lnpwa + lnfir + lnpro + foe";
  std::vector<Spec> cols = {{"lndig", "firm_id + year"},
                              {"lndig + " + basic, "firm_id + year"},
                              {"lndig + " + basic, "firm_id + province^industry^year"},
                              {"lndig + " + basic + " + lntfp + lninn", "firm_id + province^industry^year"},
                              {"lndig + " + basic + " + lntfp + lninn + lnpgp + lngdp", "firm_id + province^industry^year"},
                              {"lndig + " + basic + " + lntfp + lninn + lnpgp + lngdp + lnsdp", "firm_id + province^industry^year"}};
  std::vector<measure::FitResult> fits;
  std::vector<std::string> titles, notes;
  measure::FitOptions fo;
  fo.cluster = {opt.cluster};
  for (size_t k = 0; k < cols.size(); ++k) {
    std::string rhs;
    std::vector<std::string> missing;
    for (size_t at = 0; at < cols[k].rhs.size();) {
      size_t plus = cols[k].rhs.find(" + ", at);
      std::string v = cols[k].rhs.substr(at, plus == std::string::npos ? std::string::npos : plus - at);
      at = plus == std::string::npos ? cols[k].rhs.size() : plus + 3;
      if (usable(d, v)) rhs += (rhs.empty() ? "" : " + ") + v;
      else missing.push_back(v);
    }
    if (!missing.empty() && k > 0) {
      notes.push_back(fmt::format("column ({}) left out: {} not in the data", k + 1, fmt::join(missing, ", ")));
      continue;
    }
    fits.push_back(measure::feols(measure::parse_formula(opt.depvar + " ~ " + rhs + " | " + cols[k].fe), d, fo));
    titles.push_back(fmt::format("({})", k + 1));
  }
  measure::TableOptions to;
  to.model_titles = titles;
  rep.table2_text = "Table 2. Digitization and export quality: baseline\n" +
                    measure::render_table(fits, measure::TableFormat::kText, to);
  rep.table2 = fits;
  std::ofstream(std::filesystem::path(opt.out_dir) / "table2.txt", std::ios::binary) << rep.table2_text;
  rep.summary = fmt::format("Table 2: {} columns written to {}", fits.size(), opt.out_dir);
  for (const auto& n : notes) rep.summary += "\n" + n;
  return rep;
}

}  // namespace tradedig::pipeline

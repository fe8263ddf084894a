// Export-weighted destination-market controls of the baseline regression (METHODS.md §3, paper 003
// §3.2.3): `lnsdp` (information cost) from customs alone, `lngdp` and `lnpgp` from a WDI-style file.
//
// Common conventions
//   - Only customs rows with value > 0 enter (as in firm_year_vars.h). A firm-year's weight on a
//     destination(-product) is the sum of its export values (USD) there in that year, whether or not
//     the rows carry a quantity.
//   - Every firm-year with exports gets a value; a firm-year for which the measure is undefined gets
//     NaN, so that writing it stores NULL (and clears a value left by an earlier run).
//
// lnsdp — export-weighted coefficient of variation of Chinese export prices, destination-product level
//   - Cell = (destination, HS8 product, year). Prices are unit values value / quantity of every
//     exporter's rows in the cell (each customs row is one observation, whatever its firm, month or
//     trade mode); rows with a missing or non-positive quantity have no unit value and are skipped.
//   - CV = sample sd (n − 1) / mean of those unit values; a cell with fewer than 2 unit values has no
//     CV (0 when all unit values are equal).
//   - lnsdp_ft = Σ_dp v_fdpt CV_dpt / Σ_dp v_fdpt over the firm-year's destination-products that have
//     a CV; NaN when none has. Despite the "ln" in its name (kept from the paper's variable list) the
//     value is the weighted CV itself, not its logarithm.
//
// lngdp, lnpgp — export-weighted ln GDP and ln GDP per capita of the destinations
//   - lngdp_ft = Σ_d v_fdt ln GDP_dt / Σ_d v_fdt, lnpgp likewise with GDP per capita, the sums running
//     over destinations whose value for year t is in the file. Each variable uses its own set: a
//     destination with GDP but no GDP per capita in a year counts for lngdp only. Destinations (or
//     destination-years) missing from the file are left out of the weights and counted in the report;
//     a firm-year with none left gets NaN.
//   - The file (CSV/TSV/.dta via db::open_table) needs a year column, a gdp column and a gdp_pc column,
//     and at least one key column naming the destination as customs `dest` does. Header names are
//     matched case-insensitively; see load_wdi for the accepted spellings. When several key columns
//     are present (say country and iso3), a destination matches through any of them. Keys and
//     destination names are compared after trimming spaces, ASCII case-insensitively.
//   - Empty cells and WDI's missing markers (.., ., NA, N/A) are missing values; other text that is
//     not a number, non-positive GDP, or one key-year given two different values is an error.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/customs_store.h"

namespace tradedig::measure {

struct PriceDispersion {
  std::vector<db::FirmYearValue> lnsdp;  // every firm-year with exports, sorted by (firm, year)
  int64_t cells = 0;                     // (dest, product, year) cells with at least one unit value
  int64_t cells_with_cv = 0;             // cells with >= 2 unit values
  int64_t rows_without_price = 0;        // value > 0 rows with no usable quantity
  size_t firm_years_without = 0;         // firm-years whose lnsdp is NaN
};

PriceDispersion price_dispersion_control(const db::CustomsColumns& customs);

// A WDI-style table: for each key (trimmed, lower-cased ASCII) and year, GDP and GDP per capita
// (NaN where the file has no value).
struct WdiTable {
  struct Entry {
    double gdp, gdp_pc;
  };
  std::string path;
  std::unordered_map<std::string, std::map<int, Entry>> by_key;
  size_t rows = 0;
};

// Accepted headers (any case):
//   key:    dest, destination, country, country_name, countryname, country name, iso3, iso3c, iso,
//           country_code, countrycode, country code, code
//   year:   year, yr, time
//   gdp:    gdp, gdp_usd, gdp_current_usd, ny.gdp.mktp.cd
//   gdp_pc: gdp_pc, gdppc, gdp_per_capita, gdppercapita, gdp per capita, pcgdp, ny.gdp.pcap.cd
// Throws UserError for a missing column, a bad year or number, non-positive GDP, conflicting
// duplicates, or a file without rows.
WdiTable load_wdi(const std::string& path);

struct GdpControls {
  std::vector<db::FirmYearValue> lngdp, lnpgp;  // every firm-year with exports, sorted by (firm, year)
  // Destinations (customs dest codes with exports) that no key of the file names, and the first
  // few of their names for messages.
  int64_t dests_not_in_file = 0;
  std::vector<std::string> dest_names_not_in_file;
  // (firm-year, destination) pairs left out of the weights, and their export value, per variable.
  int64_t pairs_without_gdp = 0, pairs_without_gdp_pc = 0;
  double value_without_gdp = 0, value_without_gdp_pc = 0;
  int64_t pairs = 0;     // all (firm-year, destination) pairs with exports
  double value = 0;      // their export value
  size_t firm_years_without_gdp = 0, firm_years_without_gdp_pc = 0;  // NaN firm-years
};

GdpControls gdp_controls(const db::CustomsColumns& customs, const WdiTable& wdi);

}  // namespace tradedig::measure

// Customs rows in and quality results out, for measure/ (db/ owns the SQL).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

// The customs table in columns. Text keys are coded into sorted dictionaries, so code order is
// the store's (byte) order of the text.
struct CustomsColumns {
  std::vector<std::string> firm_names, dest_names, product_codes, mode_names;  // dictionaries
  std::vector<int32_t> firm, dest, product, mode;  // mode: code of "" when NULL
  std::vector<int16_t> year;
  std::vector<int8_t> month;     // 0 when NULL
  std::vector<double> value;     // USD
  std::vector<double> quantity;  // NaN when NULL
  size_t size() const { return value.size(); }
};

// Reads every customs row (optionally only years in [first, last]).
CustomsColumns load_customs(const Connection& c, int first_year = 0, int last_year = 0);

// One row of the quality table.
struct QualityRow {
  int32_t firm, dest, product, mode;  // codes into the CustomsColumns dictionaries
  int16_t year;
  double value, quantity, sigma, residual, quality, quality_norm;
  const char* sigma_source;
  bool singleton;
};

// Replaces the rows of `variant` in quality (one transaction).
void replace_quality(Connection& c, const std::string& variant, const CustomsColumns& dict,
                     const std::vector<QualityRow>& rows, int64_t run_id);

// Sets one firm_year column for the given firm-years (inserting missing firm-years). `column` must
// be one of firm_year's measure columns; other values throw std::invalid_argument.
struct FirmYearValue {
  int32_t firm;
  int16_t year;
  double value;  // NaN writes NULL
};
void write_firm_year_column(Connection& c, const std::string& column, const CustomsColumns& dict,
                            const std::vector<FirmYearValue>& values, int64_t run_id);

}  // namespace tradedig::db

// HS vintage harmonisation before KSW: customs product codes of each year are mapped to one HS
// vintage through a user concordance file, so that a product means the same goods in every year.
//
// The file (CSV/TSV/.dta via db::open_table; headers any case):
//   from_hs   code in the year's vintage     (from_hs, from, hs_from, source_hs, old_hs, hs_old)
//   to_hs     code in the target vintage     (to_hs, to, hs_to, target_hs, new_hs, hs_new)
//   optional  year_from, year_to             (from_year/start_year/year_start, to_year/end_year/year_end;
//                                             or one `year` column) — the customs years a row applies
//                                             to; an empty or absent bound is open
//   optional  weight                         (weight, share, w) — the part of from_hs going to to_hs
// Codes are digits; a numeric column that lost a leading zero ("1012100") gets it back. All from_hs
// codes must have the same length, 6 or 8 digits ("the level"); to_hs codes 6 or 8.
//
// Rules
//   - Level 6: every customs code is first cut to its 6 digits (mapped or not), so the whole panel is
//     on one HS6 vintage. Level 8: codes are matched on their first 8 digits.
//   - A row (code, year) with entries for its year is "mapped" (to_hs may equal from_hs); without
//     one it keeps its (cut) code and is "unmapped" — the code is taken to exist in the target vintage.
//   - One-to-many (several to_hs for one from_hs and year range): with a weight column the row is
//     split, value and quantity multiplied by weight / Σ weights of its from_hs (so totals are kept);
//     without weights the row goes whole to the first target in file order. Either way it is counted.
//   - Errors (UserError): missing from_hs/to_hs column, a code that is not 6 or 8 digits, mixed
//     from_hs lengths, year ranges of one from_hs that overlap without being identical, a negative or
//     missing weight in a weighted file, weights of a from_hs summing to 0, a file without rows.
//
// Example: from_hs=85171210,to_hs=85171200,year_to=2006 maps the 2005 rows of 85171210 to 85171200
// and leaves its 2008 rows as they are (unmapped, since no entry covers 2008).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/customs_store.h"

namespace tradedig::measure {

struct HsConcordance {
  struct Target {
    std::string to_hs;
    double weight = 1;  // normalised to sum 1 within an entry when the file is weighted
  };
  struct Entry {
    int year_from = 0, year_to = 9999;  // inclusive
    std::vector<Target> targets;        // in file order
  };
  std::string path;
  int digits = 0;         // length of the from_hs codes: 6 or 8
  bool weighted = false;  // the file has a weight column
  size_t rows = 0;
  std::unordered_map<std::string, std::vector<Entry>> by_from;  // entries sorted by year_from, disjoint
};

// Throws UserError as listed above.
HsConcordance load_hs_concordance(const std::string& path);

struct HsMappingReport {
  int64_t rows_in = 0, rows_mapped = 0, rows_unmapped = 0;
  int64_t rows_one_to_many = 0;  // mapped rows whose entry has several targets
  int64_t rows_added = 0;        // extra rows from weighted splits
  // Distinct codes (cut to the concordance's level) with at least one mapped / unmapped row; a code
  // mapped in some years only counts in both.
  size_t codes_mapped = 0, codes_unmapped = 0;
  std::vector<std::string> unmapped_examples;  // the first few unmapped codes (cut to the level)
  std::string split_rule;                      // "weights" or "first target"
};

struct HsHarmonisation {
  db::CustomsColumns customs;  // the rows with harmonised product codes (dictionary re-sorted)
  HsMappingReport report;
};

HsHarmonisation harmonise_hs(const db::CustomsColumns& customs, const HsConcordance& concordance);

}  // namespace tradedig::measure

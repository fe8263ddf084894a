// Reading an HS concordance and mapping customs product codes to one vintage (see hs_concordance.h).
#include "measure/hs_concordance.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "db/table_reader.h"
#include "measure/table_fields.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

// Digits of an HS code with a lost leading zero restored ("1012100" and "1012100.0" → "01012100");
// nullopt when the text is not digits.
std::optional<std::string> hs_digits(std::string_view s) {
  s = trim(s);
  if (auto dot = s.find('.'); dot != std::string_view::npos) {
    if (s.substr(dot + 1).find_first_not_of('0') != std::string_view::npos) return std::nullopt;
    s = s.substr(0, dot);
  }
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  return s.size() % 2 ? "0" + std::string(s) : std::string(s);
}

std::vector<db::FieldSpec> concordance_fields() {
  using T = db::FieldType;
  // clang-format off
  return {
      {"from_hs", T::kHsCode, true, "code in the year's HS vintage",
       {"from_hs", "from", "hs_from", "source_hs", "old_hs", "hs_old"}},
      {"to_hs", T::kHsCode, true, "code in the target HS vintage",
       {"to_hs", "to", "hs_to", "target_hs", "new_hs", "hs_new"}},
      {"year_from", T::kYear, false, "first customs year the row applies to",
       {"year_from", "from_year", "start_year", "year_start", "begin_year"}},
      {"year_to", T::kYear, false, "last customs year the row applies to",
       {"year_to", "to_year", "end_year", "year_end"}},
      {"year", T::kYear, false, "the one customs year the row applies to", {"year"}},
      {"weight", T::kReal, false, "part of from_hs going to to_hs", {"weight", "share", "w"}},
  };
  // clang-format on
}

}  // namespace

HsConcordance load_hs_concordance(const std::string& path) {
  auto reader = db::open_table(path);
  const auto& header = reader->columns();
  const auto col = resolve_fields(header, concordance_fields(), {}, path);
  enum { kFrom, kTo, kYearFrom, kYearTo, kYear, kWeight };
  HsConcordance c;
  c.path = path;
  c.weighted = col[kWeight] >= 0;
  std::vector<std::string_view> row;
  int64_t where = 0;
  auto fail = [&](const std::string& what) {
    throw UserError(fmt::format("{}: {}", position_of(*reader, where), what));
  };
  auto code = [&](int k, const char* name) {
    const auto text = cell_at(row, col[k]);
    auto d = hs_digits(text);
    if (!d || (d->size() != 6 && d->size() != 8))
      fail(fmt::format("{} '{}' is not an HS code of 6 or 8 digits", name, text));
    return *d;
  };
  auto year = [&](int k, int open) {
    const auto text = cell_at(row, col[k]);
    if (col[k] < 0 || is_missing_cell(text)) return open;
    auto y = parse_year(text);
    if (!y) fail(fmt::format("{} '{}' is not a year", header[static_cast<size_t>(col[k])], text));
    return *y;
  };
  while (reader->next(row, where)) {
    ++c.rows;
    const std::string from = code(kFrom, "from_hs"), to = code(kTo, "to_hs");
    if (c.digits == 0) c.digits = static_cast<int>(from.size());
    if (static_cast<int>(from.size()) != c.digits)
      fail(fmt::format("from_hs '{}' has {} digits but earlier codes have {}; use one level", from, from.size(),
                       c.digits));
    int lo = year(kYearFrom, 0), hi = year(kYearTo, 9999);
    if (col[kYear] >= 0) {
      const int y = year(kYear, 0);
      lo = y;
      hi = y == 0 ? 9999 : y;
    }
    if (lo > hi) fail(fmt::format("year range {}-{} is empty", lo, hi));
    double w = 1;
    if (c.weighted) {
      const auto text = cell_at(row, col[kWeight]);
      auto x = parse_double(text);
      if (!x || *x < 0) fail(fmt::format("weight '{}' is not a number >= 0", text));
      w = *x;
    }
    auto& entries = c.by_from[from];
    auto e = std::find_if(entries.begin(), entries.end(),
                          [&](const auto& x) { return x.year_from == lo && x.year_to == hi; });
    if (e == entries.end()) e = entries.insert(entries.end(), HsConcordance::Entry{lo, hi, {}});
    auto t = std::find_if(e->targets.begin(), e->targets.end(), [&](const auto& x) { return x.to_hs == to; });
    if (t == e->targets.end())
      e->targets.push_back({to, w});
    else
      t->weight += w;  // the same pair twice: their parts add up
  }
  if (c.rows == 0) throw UserError(fmt::format("{} has no rows", path));
  for (auto& [from, entries] : c.by_from) {
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.year_from < b.year_from; });
    for (size_t k = 1; k < entries.size(); ++k)
      if (entries[k].year_from <= entries[k - 1].year_to)
        throw UserError(fmt::format("{}: from_hs {} has overlapping year ranges {}-{} and {}-{}", path, from,
                                    entries[k - 1].year_from, entries[k - 1].year_to, entries[k].year_from,
                                    entries[k].year_to));
    for (auto& e : entries) {
      double sum = 0;
      for (const auto& t : e.targets) sum += t.weight;
      if (!(sum > 0)) throw UserError(fmt::format("{}: the weights of from_hs {} sum to 0", path, from));
      for (auto& t : e.targets) t.weight /= sum;
    }
  }
  return c;
}

HsHarmonisation harmonise_hs(const db::CustomsColumns& in, const HsConcordance& conc) {
  HsHarmonisation h;
  auto& rep = h.report;
  rep.split_rule = conc.weighted ? "weights" : "first target";
  rep.rows_in = static_cast<int64_t>(in.size());
  const size_t digits = static_cast<size_t>(conc.digits);
  // Per product of the input dictionary: its key in the concordance and its entries.
  std::vector<std::string> key(in.product_codes.size());
  std::vector<const std::vector<HsConcordance::Entry>*> entries(in.product_codes.size(), nullptr);
  for (size_t p = 0; p < key.size(); ++p) {
    const auto& code = in.product_codes[p];
    key[p] = code.size() >= digits ? code.substr(0, digits) : code;
    if (auto it = conc.by_from.find(key[p]); it != conc.by_from.end()) entries[p] = &it->second;
  }
  // Level 6 cuts every code; level 8 keeps an unmapped code as it is.
  auto unmapped_code = [&](size_t p) -> const std::string& { return digits == 6 ? key[p] : in.product_codes[p]; };

  std::map<std::string, int32_t> codes;  // output code → provisional code (renumbered at the end)
  auto code_of = [&](const std::string& s) {
    return codes.emplace(s, static_cast<int32_t>(codes.size())).first->second;
  };
  std::vector<uint8_t> seen_mapped(key.size(), 0), seen_unmapped(key.size(), 0);
  auto& out = h.customs;
  out.firm_names = in.firm_names;
  out.dest_names = in.dest_names;
  out.mode_names = in.mode_names;
  auto emit = [&](size_t i, int32_t product, double share) {
    out.firm.push_back(in.firm[i]);
    out.dest.push_back(in.dest[i]);
    out.product.push_back(product);
    out.mode.push_back(in.mode[i]);
    out.year.push_back(in.year[i]);
    out.month.push_back(in.month[i]);
    out.value.push_back(in.value[i] * share);
    out.quantity.push_back(in.quantity[i] * share);
  };
  for (size_t i = 0; i < in.size(); ++i) {
    const auto p = static_cast<size_t>(in.product[i]);
    const HsConcordance::Entry* e = nullptr;
    if (entries[p])
      for (const auto& x : *entries[p])
        if (x.year_from <= in.year[i] && in.year[i] <= x.year_to) e = &x;
    if (!e) {
      ++rep.rows_unmapped;
      if (!seen_unmapped[p]) {
        seen_unmapped[p] = 1;
        auto& ex = rep.unmapped_examples;
        if (ex.size() < 5 && std::find(ex.begin(), ex.end(), key[p]) == ex.end()) ex.push_back(key[p]);
      }
      emit(i, code_of(unmapped_code(p)), 1);
      continue;
    }
    ++rep.rows_mapped;
    seen_mapped[p] = 1;
    if (e->targets.size() == 1) {
      emit(i, code_of(e->targets[0].to_hs), 1);
      continue;
    }
    ++rep.rows_one_to_many;
    if (!conc.weighted) {
      emit(i, code_of(e->targets[0].to_hs), 1);
      continue;
    }
    for (const auto& t : e->targets) emit(i, code_of(t.to_hs), t.weight);
    rep.rows_added += static_cast<int64_t>(e->targets.size()) - 1;
  }
  // Distinct codes as the concordance sees them (cut to its level).
  std::map<std::string, std::pair<bool, bool>> by_key;
  for (size_t p = 0; p < key.size(); ++p) {
    by_key[key[p]].first |= seen_mapped[p] != 0;
    by_key[key[p]].second |= seen_unmapped[p] != 0;
  }
  for (const auto& [k, mu] : by_key) {
    rep.codes_mapped += mu.first;
    rep.codes_unmapped += mu.second;
  }
  // std::map iterates in byte order: renumber so codes follow the sorted dictionary, as load_customs does.
  std::vector<int32_t> remap(codes.size());
  int32_t next = 0;
  for (const auto& [s, provisional] : codes) {
    remap[static_cast<size_t>(provisional)] = next++;
    out.product_codes.push_back(s);
  }
  for (auto& p : out.product) p = remap[static_cast<size_t>(p)];
  return h;
}

}  // namespace tradedig::measure

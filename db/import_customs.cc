// Customs export rows: appended as they are (cleaning is the quality step's job), each keeping the
// import and line it came from. Zero or negative values are kept here and dropped, with a count, by
// the cleaning step, so that what was imported can always be compared with what was used.
#include <fmt/format.h>

#include "db/import_sink.h"
#include "util/parse.h"

namespace tradedig::db {
namespace {

class CustomsSink final : public ImportSink {
 public:
  explicit CustomsSink(const std::vector<FieldSpec>& specs)
      : id_(field_index(specs, "firm_id")), year_(field_index(specs, "year")), month_(field_index(specs, "month")),
        date_(field_index(specs, "date")), hs_(field_index(specs, "hs8")), dest_(field_index(specs, "dest")),
        mode_(field_index(specs, "mode")), value_(field_index(specs, "value_usd")), qty_(field_index(specs, "quantity")),
        unit_(field_index(specs, "unit")) {}

  void begin(Connection& c, int64_t import_id, const std::vector<std::string>&) override {
    import_id_ = import_id;
    insert_ = c.prepare(
        "INSERT INTO customs(firm_id, year, month, hs8, dest, mode, value_usd, quantity, unit, import_id, src_line) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  }

  std::optional<RowProblem> check(const MappedRow& row) override {
    year_out_ = row.num[year_] ? static_cast<int>(*row.num[year_]) : 0;
    month_out_ = row.num[month_] ? static_cast<int>(*row.num[month_]) : 0;
    if (row.has(date_)) {
      // 200501, 2005-01, 2005/1, 20050131, 2005-01-31.
      std::string_view d = row.get(date_);
      auto y = parse_year(d);
      if (!y) return RowProblem{row.where, "date", fmt::format("'{}' is not a date or year-month", d)};
      int m = 0;
      std::string digits;
      for (char ch : d)
        if (ch >= '0' && ch <= '9') digits += ch;
        else if (!digits.empty() && digits.size() < 4) return RowProblem{row.where, "date", fmt::format("'{}' is not a date", d)};
      if (digits.size() >= 6) m = std::stoi(digits.substr(4, 2));
      else if (auto p = d.find_first_of("-/"); p != std::string_view::npos) m = std::atoi(std::string(d.substr(p + 1)).c_str());
      if (m < 0 || m > 12) return RowProblem{row.where, "date", fmt::format("'{}' has no valid month", d)};
      if (year_out_ && year_out_ != *y)
        return RowProblem{row.where, "date", fmt::format("date '{}' disagrees with year {}", d, year_out_)};
      year_out_ = *y;
      if (m && !month_out_) month_out_ = m;
    }
    if (!year_out_) return RowProblem{row.where, "year", "year is missing"};
    return std::nullopt;
  }

  void write(const MappedRow& row) override {
    insert_.bind_static(1, row.get(id_));
    insert_.bind(2, static_cast<int64_t>(year_out_));
    if (month_out_) insert_.bind(3, static_cast<int64_t>(month_out_));
    else insert_.bind_null(3);
    insert_.bind_static(4, row.get(hs_));
    insert_.bind_static(5, row.get(dest_));
    if (row.has(mode_)) insert_.bind_static(6, row.get(mode_));
    else insert_.bind_null(6);
    insert_.bind(7, *row.num[value_]);
    if (row.num[qty_]) insert_.bind(8, *row.num[qty_]);
    else insert_.bind_null(8);
    if (row.has(unit_)) insert_.bind_static(9, row.get(unit_));
    else insert_.bind_null(9);
    insert_.bind(10, import_id_);
    insert_.bind(11, row.where);
    insert_.run();
  }

  int64_t remove_import(Connection& c, int64_t import_id) override {
    auto del = c.prepare("DELETE FROM customs WHERE import_id = ?");
    del.bind(1, import_id);
    del.run();
    return c.changes();
  }

 private:
  size_t id_, year_, month_, date_, hs_, dest_, mode_, value_, qty_, unit_;
  int64_t import_id_ = 0;
  int year_out_ = 0, month_out_ = 0;
  Statement insert_;
};

}  // namespace

std::unique_ptr<ImportSink> make_customs_sink(const std::vector<FieldSpec>& specs) {
  return std::make_unique<CustomsSink>(specs);
}

}  // namespace tradedig::db

// Stata .dta input through ReadStat: the whole file is read into memory (dta files are bounded by
// Stata's own memory), then served row by row as text fields.
#include <readstat.h>

#include <cmath>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "db/table_reader.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::db {
namespace {

enum class DateKind { kNone, kDaily, kClock };

class DtaReader final : public TableReader {
 public:
  explicit DtaReader(const std::string& path) {
    path_ = path;
    readstat_parser_t* p = readstat_parser_init();
    readstat_set_metadata_handler(p, &DtaReader::on_metadata);
    readstat_set_variable_handler(p, &DtaReader::on_variable);
    readstat_set_value_handler(p, &DtaReader::on_value);
    readstat_error_t err = readstat_parse_dta(p, path.c_str(), this);
    readstat_parser_free(p);
    if (err != READSTAT_OK)
      throw UserError(fmt::format("cannot read {} as a Stata file: {}", path, readstat_error_message(err)));
    if (columns_.empty()) throw UserError(fmt::format("{} has no variables", path));
  }

  const std::vector<std::string>& columns() const override { return columns_; }
  bool next(std::vector<std::string_view>& fields, int64_t& where) override {
    if (row_ >= rows_) return false;
    const size_t k = columns_.size();
    fields.resize(k);
    for (size_t j = 0; j < k; ++j) fields[j] = cells_[row_ * k + j];
    where = static_cast<int64_t>(++row_);
    return true;
  }
  std::string encoding() const override { return "dta"; }
  const char* position_word() const override { return "observation"; }
  uint64_t progress_done() const override { return row_; }
  uint64_t progress_total() const override { return rows_; }

 private:
  static int on_metadata(readstat_metadata_t* md, void* ctx) {
    auto* self = static_cast<DtaReader*>(ctx);
    int n = readstat_get_row_count(md);
    self->rows_ = n > 0 ? static_cast<size_t>(n) : 0;
    return READSTAT_HANDLER_OK;
  }
  static int on_variable(int index, readstat_variable_t* var, const char*, void* ctx) {
    auto* self = static_cast<DtaReader*>(ctx);
    self->columns_.emplace_back(readstat_variable_get_name(var));
    const char* f = readstat_variable_get_format(var);
    DateKind dk = DateKind::kNone;
    if (f && std::strncmp(f, "%td", 3) == 0) dk = DateKind::kDaily;
    if (f && (std::strncmp(f, "%tc", 3) == 0 || std::strncmp(f, "%tC", 3) == 0)) dk = DateKind::kClock;
    self->date_kind_.push_back(dk);
    (void)index;
    return READSTAT_HANDLER_OK;
  }
  static int on_value(int obs, readstat_variable_t* var, readstat_value_t value, void* ctx) {
    auto* self = static_cast<DtaReader*>(ctx);
    const size_t k = self->columns_.size();
    if (self->cells_.empty()) self->cells_.resize(self->rows_ * k);
    size_t j = static_cast<size_t>(readstat_variable_get_index(var));
    size_t r = static_cast<size_t>(obs);
    if (r >= self->rows_) {  // files that do not state a row count
      self->rows_ = r + 1;
      self->cells_.resize(self->rows_ * k);
    }
    std::string& cell = self->cells_[r * k + j];
    if (readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value)) return READSTAT_HANDLER_OK;
    switch (readstat_value_type(value)) {
      case READSTAT_TYPE_STRING:
      case READSTAT_TYPE_STRING_REF: {
        const char* s = readstat_string_value(value);
        if (s) cell = s;
        break;
      }
      case READSTAT_TYPE_INT8: cell = std::to_string(readstat_int8_value(value)); break;
      case READSTAT_TYPE_INT16: cell = std::to_string(readstat_int16_value(value)); break;
      case READSTAT_TYPE_INT32: cell = std::to_string(readstat_int32_value(value)); break;
      case READSTAT_TYPE_FLOAT: cell = format_double(static_cast<double>(readstat_float_value(value))); break;
      case READSTAT_TYPE_DOUBLE: cell = format_double(readstat_double_value(value)); break;
    }
    DateKind dk = self->date_kind_[j];
    if (dk != DateKind::kNone && !cell.empty()) {
      double v = readstat_value_type(value) == READSTAT_TYPE_DOUBLE ? readstat_double_value(value)
                                                                     : std::stod(cell);
      // Stata dates count days (%td) or milliseconds (%tc) from 1960-01-01.
      double days = dk == DateKind::kDaily ? v : std::floor(v / 86400000.0);
      std::time_t t = static_cast<std::time_t>((days - 3653.0) * 86400.0);
      std::tm tm{};
      gmtime_r(&t, &tm);
      cell = fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    return READSTAT_HANDLER_OK;
  }

  std::vector<std::string> columns_;
  std::vector<DateKind> date_kind_;
  std::vector<std::string> cells_;  // row-major
  size_t rows_ = 0, row_ = 0;
};

}  // namespace

std::unique_ptr<TableReader> make_dta_reader(const std::string& path) { return std::make_unique<DtaReader>(path); }

}  // namespace tradedig::db

// Internal to db/: what each import kind does with a validated row.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/import.h"

namespace tradedig::db {

// One row after mapping and type checks. `text[i]` is the trimmed text of field spec i (empty when
// the column is absent or blank); `num[i]` its parsed value for numeric types.
struct MappedRow {
  int64_t where = 0;
  std::vector<std::string_view> text;
  std::vector<std::optional<double>> num;
  std::vector<std::string> norm;        // normalised text (ISO date, padded HS code) when it differs
  std::vector<std::string_view> extra;  // unmapped columns, in unused_columns order
  std::string_view get(size_t i) const { return norm[i].empty() ? text[i] : std::string_view(norm[i]); }
  bool has(size_t i) const { return !text[i].empty(); }
};

class ImportSink {
 public:
  virtual ~ImportSink() = default;
  // Called once inside the import's transaction, before the first row.
  virtual void begin(Connection& c, int64_t import_id, const std::vector<std::string>& extra_columns) = 0;
  // Cross-field checks; returns a problem (column = target name) or nullopt. Must not write.
  virtual std::optional<RowProblem> check(const MappedRow& row) = 0;
  virtual void write(const MappedRow& row) = 0;
  // Deletes what an earlier import `import_id` landed (used by --force); returns rows deleted.
  virtual int64_t remove_import(Connection& c, int64_t import_id) = 0;
  virtual void finish(ImportReport& report) { (void)report; }
};

std::unique_ptr<ImportSink> make_firms_sink(const std::vector<FieldSpec>& specs);
std::unique_ptr<ImportSink> make_customs_sink(const std::vector<FieldSpec>& specs);
std::unique_ptr<ImportSink> make_observations_sink(const std::vector<FieldSpec>& specs, std::string obs_kind,
                                                   std::string default_source);

// Index of `target` in specs (throws std::logic_error if absent: a programming error).
size_t field_index(const std::vector<FieldSpec>& specs, std::string_view target);

}  // namespace tradedig::db

// Reading user tables: CSV/TSV (UTF-8 or GBK/GB18030/Big5, streamed) and Stata .dta (ReadStat).
//
// A TableReader yields rows as fields of UTF-8 text plus the row's position in the file, so that
// any error can name "file:line" (CSV: the physical line where the record starts, header = line 1;
// .dta: the observation number). Numbers from .dta files come as their shortest exact text,
// dates with a %td/%tc format as ISO dates, missing values as empty fields.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tradedig::db {

struct ReadOptions {
  std::string encoding = "auto";  // auto | utf-8 | gbk | gb18030 | big5 (CSV only)
  char delimiter = 0;             // 0: detect from the header (comma, tab, semicolon, bar)
};

class TableReader {
 public:
  virtual ~TableReader() = default;
  // Column names from the header; unnamed columns are called column1, column2, ... (1-based).
  virtual const std::vector<std::string>& columns() const = 0;
  // Reads the next row into `fields` (views valid until the next call) and its position into
  // `where`. Returns false at the end. Throws UserError for a malformed file (an unterminated
  // quote, bytes invalid in the encoding), naming the file and line.
  virtual bool next(std::vector<std::string_view>& fields, int64_t& where) = 0;
  // The encoding used ("utf-8", "gb18030", "dta").
  virtual std::string encoding() const = 0;
  // How positions are called in messages: "line" or "observation".
  virtual const char* position_word() const = 0;
  // Bytes consumed so far and in total (for progress), or rows for .dta.
  virtual uint64_t progress_done() const = 0;
  virtual uint64_t progress_total() const = 0;
  const std::string& path() const { return path_; }

 protected:
  std::string path_;
};

// Opens by extension: .dta → Stata; anything else → delimited text. Throws UserError when the
// file cannot be read or has no header.
std::unique_ptr<TableReader> open_table(const std::string& path, const ReadOptions& opts = {});

// SHA-256 of the file's bytes (identifies a file for idempotent re-import).
std::string file_sha256(const std::string& path);

}  // namespace tradedig::db

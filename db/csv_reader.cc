#include "db/csv_reader.h"

#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "util/error.h"
#include "util/parse.h"

namespace tradedig::db {
namespace {
constexpr size_t kChunk = 4 << 20;

char detect_delimiter(std::string_view first_line) {
  int counts[4] = {0, 0, 0, 0};
  const char cands[4] = {',', '\t', ';', '|'};
  bool in_quotes = false;
  for (char c : first_line) {
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    for (int k = 0; k < 4; ++k)
      if (c == cands[k]) ++counts[k];
  }
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (counts[k] > counts[best]) best = k;
  return cands[best];
}
}  // namespace

CsvReader::CsvReader(const std::string& path, const ReadOptions& opts) {
  path_ = path;
  f_ = std::fopen(path.c_str(), "rb");
  if (!f_) throw UserError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  std::error_code ec;
  file_size_ = std::filesystem::file_size(path, ec);

  raw_chunk_.resize(kChunk);
  size_t n = std::fread(raw_chunk_.data(), 1, kChunk, f_);
  raw_read_ = n;
  eof_ = n < kChunk;
  std::string_view head(raw_chunk_.data(), n);

  encoding_ = canonical_encoding(opts.encoding);
  if (encoding_ == "auto") encoding_ = detect_encoding(head);
  if (encoding_ != "utf-8") conv_ = std::make_unique<Utf8Converter>(encoding_);
  if (encoding_ == "utf-8" && head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);

  if (conv_) {
    try {
      conv_->convert(head, eof_, buf_);
    } catch (const UserError& e) {
      throw UserError(fmt::format("{}: {}", path, e.what()));
    }
  } else {
    buf_.assign(head);
  }

  if (buf_.empty()) throw UserError(fmt::format("{} is empty: expected a header line", path));
  size_t nl = buf_.find('\n');
  delim_ = opts.delimiter ? opts.delimiter : detect_delimiter(std::string_view(buf_).substr(0, nl));

  std::vector<std::string_view> header;
  int64_t where = 0;
  if (!next(header, where)) throw UserError(fmt::format("{} has no header line", path));
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name(trim(header[i]));
    if (name.empty()) name = fmt::format("column{}", i + 1);
    columns_.push_back(std::move(name));
  }
}

CsvReader::~CsvReader() {
  if (f_) std::fclose(f_);
}

bool CsvReader::fill() {
  if (eof_) return false;
  size_t n = std::fread(raw_chunk_.data(), 1, kChunk, f_);
  raw_read_ += n;
  if (n < kChunk) eof_ = true;
  std::string_view chunk(raw_chunk_.data(), n);
  if (conv_) {
    try {
      conv_->convert(chunk, eof_, buf_);
    } catch (const UserError& e) {
      throw UserError(fmt::format("{} near line {}: {}", path_, line_, e.what()));
    }
  } else {
    buf_.append(chunk);
  }
  return n > 0 || eof_;
}

// Scans one record from pos_ without modifying the buffer: records field spans, whether each field
// was quoted, the offset just past the record terminator, and the newlines it contains.
bool CsvReader::scan_record(size_t& rec_end, int& newlines) {
  spans_.clear();
  quoted_.clear();
  newlines = 0;
  const char* b = buf_.data();
  const size_t n = buf_.size();
  size_t i = pos_;
  while (true) {
    size_t start = i;
    bool quoted = false;
    if (i < n && b[i] == '"') {
      quoted = true;
      ++i;
      while (true) {
        const void* q = std::memchr(b + i, '"', n - i);
        if (!q) return false;  // need more input (or unterminated at EOF)
        size_t qi = static_cast<size_t>(static_cast<const char*>(q) - b);
        for (size_t k = i; k < qi; ++k) newlines += b[k] == '\n';
        if (qi + 1 >= n) return false;  // cannot tell "" from the closing quote yet
        if (b[qi + 1] == '"') { i = qi + 2; continue; }
        i = qi + 1;
        break;
      }
      // Text after the closing quote up to the delimiter is kept (lenient, like Stata's import).
      while (i < n && b[i] != delim_ && b[i] != '\n' && b[i] != '\r') ++i;
    } else {
      while (i < n && b[i] != delim_ && b[i] != '\n' && b[i] != '\r') ++i;
    }
    if (i >= n) return false;
    spans_.emplace_back(start, i);
    quoted_.push_back(quoted);
    if (b[i] == delim_) { ++i; continue; }
    // End of record: \n, \r\n or a lone \r.
    if (b[i] == '\r') {
      if (i + 1 >= n) return false;
      i += (b[i + 1] == '\n') ? 2 : 1;
    } else {
      ++i;
    }
    ++newlines;
    rec_end = i;
    return true;
  }
}

bool CsvReader::next(std::vector<std::string_view>& fields, int64_t& where) {
  while (true) {
    size_t rec_end = 0;
    int newlines = 0;
    bool complete = pos_ < buf_.size() && scan_record(rec_end, newlines);
    if (!complete) {
      // Compact, then read more. At EOF, a last record without a newline gets one appended.
      if (pos_ > 0) {
        buf_.erase(0, pos_);
        pos_ = 0;
      }
      if (!eof_) {
        fill();
        continue;
      }
      if (buf_.empty()) return false;
      if (buf_.back() == '\n' || buf_.back() == '\r') {
        // Ends in a newline yet is incomplete: an opening quote never closed.
        throw UserError(fmt::format("{}:{}: a quoted field is never closed", path_, line_));
      }
      buf_ += '\n';
      continue;
    }
    where = line_;
    line_ += newlines;
    const size_t start = pos_;
    pos_ = rec_end;
    // Skip blank lines.
    if (spans_.size() == 1 && spans_[0].first == spans_[0].second) continue;
    // Converted text is UTF-8 by construction; raw UTF-8 input is checked record by record, so a
    // multi-byte character is never split and the error names the line.
    if (!conv_ && !is_valid_utf8(std::string_view(buf_).substr(start, rec_end - start)))
      throw UserError(fmt::format("{}:{}: bytes that are not UTF-8; if the file is GBK, pass --encoding gbk",
                                  path_, where));
    fields.resize(spans_.size());
    char* b = buf_.data();
    for (size_t k = 0; k < spans_.size(); ++k) {
      auto [s, e] = spans_[k];
      if (!quoted_[k]) {
        fields[k] = std::string_view(b + s, e - s);
        continue;
      }
      // Unescape in place: drop the quotes and turn "" into ".
      size_t w = s, r = s + 1;
      while (r < e) {
        if (b[r] == '"') {
          if (r + 1 < e && b[r + 1] == '"') { b[w++] = '"'; r += 2; continue; }
          ++r;  // the closing quote
          continue;
        }
        b[w++] = b[r++];
      }
      fields[k] = std::string_view(b + s, w - s);
    }
    return true;
  }
}

}  // namespace tradedig::db

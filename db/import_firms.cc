// Firm lists: upsert into firms by firm_id, and every name into firm_names.
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "db/import_sink.h"
#include "util/parse.h"

namespace tradedig::db {
namespace {

// "深圳市某某有限公司(2001-2008)" -> name and validity years; brackets that hold anything but a year
// range are part of the name (深圳市振业(集团)股份有限公司).
struct DatedName {
  std::string name;
  std::optional<int> from, to;
};

DatedName split_validity(std::string_view s) {
  DatedName out{std::string(s), std::nullopt, std::nullopt};
  size_t open = s.rfind('(');
  size_t open_len = 1, close_len = 1;
  size_t fw = s.rfind("\xEF\xBC\x88");  // （
  if (fw != std::string_view::npos && (open == std::string_view::npos || fw > open)) {
    open = fw;
    open_len = 3;
  }
  if (open == std::string_view::npos) return out;
  std::string_view tail = s.substr(open + open_len);
  if (tail.ends_with(")")) tail.remove_suffix(1);
  else if (tail.ends_with("\xEF\xBC\x89")) { tail.remove_suffix(3); close_len = 3; }
  else return out;
  (void)close_len;
  auto parts = split_any(tail, {"-", "~", "\xE2\x80\x94", "\xE8\x87\xB3"});  // - ~ — 至
  if (parts.empty() || parts.size() > 2) return out;
  auto a = parse_year(parts[0]);
  std::optional<int> b = parts.size() == 2 ? parse_year(parts[1]) : std::nullopt;
  if (!a || (parts.size() == 2 && !b)) return out;
  out.name = std::string(trim(s.substr(0, open)));
  out.from = a;
  out.to = b;
  return out;
}

class FirmsSink final : public ImportSink {
 public:
  explicit FirmsSink(const std::vector<FieldSpec>& specs)
      : id_(field_index(specs, "firm_id")), zh_(field_index(specs, "name_zh")), en_(field_index(specs, "name_en")),
        short_(field_index(specs, "short_name")), former_(field_index(specs, "former_names")),
        former_en_(field_index(specs, "former_names_en")), prov_(field_index(specs, "province")),
        city_(field_index(specs, "city")), ind_(field_index(specs, "industry")), founded_(field_index(specs, "founded")) {}

  void begin(Connection& c, int64_t import_id, const std::vector<std::string>& extra_columns) override {
    conn_ = &c;
    source_ = fmt::format("import:{}", import_id);
    extra_names_ = extra_columns;
    firms_before_ = c.query_int("SELECT count(*) FROM firms").value_or(0);
    names_before_ = c.query_int("SELECT count(*) FROM firm_names").value_or(0);
    upsert_ = c.prepare(
        "INSERT INTO firms(firm_id, name_zh, name_en, short_name, province, city, industry, founded, attrs) "
        "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) "
        "ON CONFLICT(firm_id) DO UPDATE SET name_zh=excluded.name_zh, name_en=excluded.name_en, "
        "short_name=excluded.short_name, province=excluded.province, city=excluded.city, "
        "industry=excluded.industry, founded=excluded.founded, attrs=excluded.attrs, "
        "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE firms.name_zh IS NOT excluded.name_zh OR firms.name_en IS NOT excluded.name_en "
        "OR firms.short_name IS NOT excluded.short_name OR firms.province IS NOT excluded.province "
        "OR firms.city IS NOT excluded.city OR firms.industry IS NOT excluded.industry "
        "OR firms.founded IS NOT excluded.founded OR firms.attrs IS NOT excluded.attrs");
    // A firm whose current name changed keeps the old one as a former name.
    demote_ = c.prepare(
        "UPDATE OR REPLACE firm_names SET kind = 'former' "
        "WHERE firm_id = ?1 AND lang = ?2 AND kind = 'current' AND name <> ?3");
    add_name_ = c.prepare(
        "INSERT OR IGNORE INTO firm_names(firm_id, name, lang, kind, valid_from, valid_to, source) "
        "VALUES (?1,?2,?3,?4,?5,?6,?7)");
  }

  std::optional<RowProblem> check(const MappedRow& row) override {
    if (!row.has(zh_) && !row.has(en_))
      return RowProblem{row.where, "name_zh", "the firm has neither a Chinese nor an English name"};
    auto [it, fresh] = seen_.emplace(std::string(row.get(id_)), row.where);
    if (!fresh && it->second != row.where)
      return RowProblem{row.where, "firm_id", fmt::format("firm_id '{}' already appears on row {}", row.get(id_), it->second)};
    return std::nullopt;
  }

  void write(const MappedRow& row) override {
    std::string_view id = row.get(id_);
    auto opt = [&](size_t i) -> std::optional<std::string_view> {
      if (!row.has(i)) return std::nullopt;
      return row.get(i);
    };
    std::optional<std::string> attrs;
    if (!extra_names_.empty()) {
      nlohmann::json j = nlohmann::json::object();
      for (size_t k = 0; k < extra_names_.size(); ++k) {
        auto v = trim(row.extra[k]);
        if (!v.empty()) j[extra_names_[k]] = std::string(v);
      }
      if (!j.empty()) attrs = j.dump();
    }
    upsert_.bind(1, id).bind(2, opt(zh_)).bind(3, opt(en_)).bind(4, opt(short_)).bind(5, opt(prov_))
        .bind(6, opt(city_)).bind(7, opt(ind_));
    if (row.num[founded_]) upsert_.bind(8, static_cast<int64_t>(*row.num[founded_]));
    else upsert_.bind_null(8);
    upsert_.bind(9, attrs);
    upsert_.run();
    changed_ += conn_->changes();

    if (row.has(zh_)) current_name(id, row.get(zh_), "zh");
    if (row.has(en_)) current_name(id, row.get(en_), "en");
    if (row.has(short_)) add_name(id, row.get(short_), "zh", "short", std::nullopt, std::nullopt);
    for (const auto& n : split_any(row.get(former_), {";", "\xEF\xBC\x9B", "|", "\xE3\x80\x81"})) {  // ; ； | 、
      DatedName d = split_validity(n);
      add_name(id, d.name, "zh", "former", d.from, d.to);
    }
    for (const auto& n : split_any(row.get(former_en_), {";", "|"})) {
      DatedName d = split_validity(n);
      add_name(id, d.name, "en", "former", d.from, d.to);
    }
  }

  int64_t remove_import(Connection&, int64_t) override { return 0; }  // firms are upserted, never duplicated

  void finish(ImportReport& rep) override {
    int64_t after = conn_->query_int("SELECT count(*) FROM firms").value_or(0);
    rep.firms_new = after - firms_before_;
    rep.firms_changed = changed_ - rep.firms_new;
    rep.names_added = conn_->query_int("SELECT count(*) FROM firm_names").value_or(0) - names_before_;
  }

 private:
  void current_name(std::string_view id, std::string_view name, const char* lang) {
    demote_.bind(1, id).bind(2, lang).bind(3, name);
    demote_.run();
    add_name(id, name, lang, "current", std::nullopt, std::nullopt);
  }
  void add_name(std::string_view id, std::string_view name, const char* lang, const char* kind, std::optional<int> from,
                std::optional<int> to) {
    add_name_.bind(1, id).bind(2, name).bind(3, lang).bind(4, kind).bind(5, from).bind(6, to).bind(7, source_);
    add_name_.run();
  }

  size_t id_, zh_, en_, short_, former_, former_en_, prov_, city_, ind_, founded_;
  Connection* conn_ = nullptr;
  std::string source_;
  std::vector<std::string> extra_names_;
  Statement upsert_, demote_, add_name_;
  std::unordered_map<std::string, int64_t> seen_;
  int64_t firms_before_ = 0, names_before_ = 0, changed_ = 0;
};

}  // namespace

std::unique_ptr<ImportSink> make_firms_sink(const std::vector<FieldSpec>& specs) {
  return std::make_unique<FirmsSink>(specs);
}

}  // namespace tradedig::db

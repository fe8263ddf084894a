// Observations obtained outside the crawler (bulk ICP records, WHOIS exports, a colleague's
// platform list): one row in observations plus one in the kind's detail table.
#include <fmt/format.h>

#include "db/import_sink.h"
#include "util/icp_licence.h"
#include "util/parse.h"

namespace tradedig::db {
namespace {

class ObservationsSink final : public ImportSink {
 public:
  ObservationsSink(const std::vector<FieldSpec>& specs, std::string kind, std::string default_source)
      : specs_(specs), kind_(std::move(kind)), default_source_(std::move(default_source)),
        source_(field_index(specs, "source")), name_(field_index(specs, "entity_name")),
        observed_(field_index(specs, "observed_at")) {}

  void begin(Connection& c, int64_t import_id, const std::vector<std::string>&) override {
    conn_ = &c;
    import_id_ = import_id;
    obs_ = c.prepare(
        "INSERT INTO observations(kind, source, entity_name, observed_at, import_id, src_line) VALUES (?,?,?,?,?,?)");
    if (kind_ == "membership")
      detail_ = c.prepare(
          "INSERT INTO memberships(obs_id, entity_url, entity_id, badge, raw_label, years_on_platform, member_since, "
          "country, city) VALUES (?,?,?,?,?,?,?,?,?)");
    else if (kind_ == "icp")
      detail_ = c.prepare(
          "INSERT INTO icp_records(obs_id, licence, service_licence, nature, domain, approved_at, first_seen_at, "
          "licence_year) VALUES (?,?,?,?,?,?,?,?)");
    else
      detail_ = c.prepare(
          "INSERT INTO domain_records(obs_id, domain, registered_at_raw, registered_on, registrar, via) "
          "VALUES (?,?,?,?,?,'import')");
  }

  std::optional<RowProblem> check(const MappedRow& row) override {
    if (!row.has(source_) && default_source_.empty())
      return RowProblem{row.where, "source", "source is missing (add a source column or pass --source)"};
    return std::nullopt;
  }

  void write(const MappedRow& row) override {
    auto opt = [&](std::string_view target) -> std::optional<std::string_view> {
      size_t i = field_index(specs_, target);
      if (!row.has(i)) return std::nullopt;
      return row.get(i);
    };
    auto opt_int = [&](std::string_view target) -> std::optional<int64_t> {
      size_t i = field_index(specs_, target);
      if (!row.num[i]) return std::nullopt;
      return static_cast<int64_t>(*row.num[i]);
    };
    std::string_view source = row.has(source_) ? row.get(source_) : std::string_view(default_source_);
    obs_.bind(1, kind_).bind(2, source).bind(3, row.get(name_)).bind(4, row.get(observed_)).bind(5, import_id_)
        .bind(6, row.where);
    obs_.run();
    int64_t obs_id = conn_->last_insert_rowid();
    detail_.bind(1, obs_id);
    if (kind_ == "membership") {
      detail_.bind(2, opt("entity_url")).bind(3, opt("entity_id")).bind(4, opt("badge")).bind(5, opt("raw_label"))
          .bind(6, opt_int("years_on_platform")).bind(7, opt_int("member_since")).bind(8, opt("country"))
          .bind(9, opt("city"));
    } else if (kind_ == "icp") {
      // One record shows the latest approval; the earliest seen so far starts out as that date. The
      // year in the licence number is read as the crawler's ICP adapter reads it (same function).
      auto licence = opt("licence"), service = opt("service_licence");
      std::optional<int> year = licence ? icp_licence_year(*licence) : std::nullopt;
      if (!year && service) year = icp_licence_year(*service);
      detail_.bind(2, licence).bind(3, service).bind(4, opt("nature")).bind(5, opt("domain"))
          .bind(6, opt("approved_at")).bind(7, opt("approved_at")).bind(8, year);
    } else {
      auto raw = opt("registered_at");
      std::optional<std::string> on = raw ? parse_date(*raw) : std::nullopt;
      detail_.bind(2, opt("domain")).bind(3, raw).bind(4, on).bind(5, opt("registrar"));
    }
    detail_.run();
  }

  int64_t remove_import(Connection& c, int64_t import_id) override {
    // Detail rows go with their observation (ON DELETE CASCADE).
    auto del = c.prepare("DELETE FROM observations WHERE import_id = ?");
    del.bind(1, import_id);
    del.run();
    return c.changes();
  }

 private:
  std::vector<FieldSpec> specs_;
  std::string kind_, default_source_;
  size_t source_, name_, observed_;
  Connection* conn_ = nullptr;
  int64_t import_id_ = 0;
  Statement obs_, detail_;
};

}  // namespace

std::unique_ptr<ImportSink> make_observations_sink(const std::vector<FieldSpec>& specs, std::string obs_kind,
                                                   std::string default_source) {
  return std::make_unique<ObservationsSink>(specs, std::move(obs_kind), std::move(default_source));
}

}  // namespace tradedig::db

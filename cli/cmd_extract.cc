// `tradedig extract`: re-run extraction over stored pages (no fetching) after a crawl or after a
// profile's selectors changed, replacing the observations each page yields.
#ifdef TRADEDIG_HAVE_CRAWLER
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "crawler/adapter_profile.h"
#include "crawler/extract_pages.h"
#include "db/schema.h"
#include "util/error.h"

namespace tradedig::cli {

void add_extract_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string profiles_dir = "profiles", source;
    bool again = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "extract",
      "Read observations (memberships, ICP records, domain registrations) out of the pages the\n"
      "crawler stored. Never fetches. Pages stored as blocked or error yield nothing.\n"
      "Without --again only pages never read before, and pages read as 'unparsed', are read (the\n"
      "verdict of each page is kept in the page_extractions table); with --again every page is re-read\n"
      "and its observations replaced (use after editing a profile's [extract] rules).\n"
      "Examples:\n"
      "  tradedig extract\n"
      "  tradedig extract --source alibaba --again --profiles my-profiles/");
  cmd->add_option("--profiles", a->profiles_dir, "Directory of source profiles (*.toml with [extract])")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--source", a->source, "Only pages of this source (crawl_tasks.source)");
  cmd->add_flag("--again", a->again, "Re-extract every page, including those already read as found, not found or blocked");
  cmd->callback([&g, a] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    auto profiles = crawler::load_adapter_profiles(a->profiles_dir);
    if (!a->source.empty() && !profiles.count(a->source))
      throw UserError(fmt::format("no profile in {} has name = \"{}\"", a->profiles_dir, a->source));
    crawler::ExtractRunOptions opt;
    opt.source = a->source;
    opt.again = a->again;
    opt.log = [](std::string_view line) { std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data()); };
    auto sum = crawler::extract_stored_pages(c, profiles, opt);
    std::string verdicts;
    for (const auto& [v, n] : sum.by_verdict) verdicts += fmt::format("{}{} {}", verdicts.empty() ? "" : ", ", n, v);
    say(g, fmt::format("extracted {} pages ({}): {} observations{}", sum.pages, verdicts.empty() ? "none" : verdicts,
                       sum.observations,
                       sum.pages_without_profile ? fmt::format("; {} pages of sources without a profile skipped",
                                                               sum.pages_without_profile)
                                                 : ""));
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_CRAWLER

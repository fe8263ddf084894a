// `tradedig crawl`: fetch the due tasks of the given source profiles, politely, resumably.
#ifdef TRADEDIG_HAVE_CRAWLER
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "crawler/crawler.h"
#include "crawler/profile.h"
#include "db/frontier.h"
#include "db/schema.h"
#include "tradedig_version.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::cli {


void add_crawl_command(CLI::App& app, Globals& g) {
  struct Args {
    std::vector<std::string> profiles;
    std::string queries, contact, base_url;
    int64_t max_tasks = -1;
    int max_in_flight = 64;
    std::vector<std::string> resolve;
    bool reclaim = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "crawl",
      "Fetch every due task of the given sources and store each raw page in the store.\n"
      "Polite by default: per-host delays and concurrency from the profile, robots.txt obeyed,\n"
      "Retry-After honoured, block pages (sliders, login walls) stored as 'blocked' and never\n"
      "extracted. Safe to interrupt: a killed crawl resumes where it stopped, no page twice.\n"
      "Examples:\n"
      "  tradedig crawl --profile profiles/alibaba.toml --contact ra@univ.edu\n"
      "  tradedig crawl --profile profiles/replay-demo.toml --queries firms.txt --contact me@x.org\n"
      "  tradedig crawl --profile profiles/whois.toml --queries domains.txt --contact me@x.org\n"
      "  tradedig crawl --profile profiles/whois.toml --base-url whois://127.0.0.1:4343 --contact me@x.org");
  cmd->add_option("--profile", a->profiles, "Source profile (TOML); repeat for several sources")
      ->required()->check(CLI::ExistingFile);
  cmd->add_option("--queries", a->queries, "Add a task per line of this file to every given source first")
      ->check(CLI::ExistingFile);
  cmd->add_option("--contact", a->contact, "E-mail or URL put in the User-Agent (or $TRADEDIG_CONTACT)");
  cmd->add_option("--max-tasks", a->max_tasks, "Stop after this many tasks have a result (-1: all due)");
  cmd->add_option("--max-in-flight", a->max_in_flight, "Requests in flight across all hosts");
  cmd->add_option("--resolve", a->resolve, "host:port:address overrides, as curl --resolve");
  cmd->add_option("--base-url", a->base_url,
                  "Replace the profiles' base_url: http(s)://host:port for HTTP profiles, whois://host:port\n"
                  "(every WHOIS query goes there) for protocol = \"whois\" ones; comma-separate one of each");
  cmd->add_flag("--reclaim-leases", a->reclaim,
                "Take over tasks leased by a crawl that died just now (only when no other crawl runs)");
  cmd->callback([&g, a] {
    if (a->contact.empty())
      if (const char* env = std::getenv("TRADEDIG_CONTACT")) a->contact = env;
    if (a->contact.empty())
      throw UserError("crawling needs a contact address so site operators can reach you: "
                      "--contact you@university.edu (or set TRADEDIG_CONTACT)");
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    std::vector<crawler::SourceSpec> sources;
    for (const auto& p : a->profiles) sources.push_back(crawler::load_source_profile(p, a->base_url));
    if (!a->queries.empty()) {
      std::ifstream in(a->queries);
      db::Frontier f(c);
      db::Transaction tx(c);
      int64_t added = 0;
      for (std::string line; std::getline(in, line);) {
        auto q = trim(line);
        if (q.empty()) continue;
        for (const auto& s : sources) added += f.add_task(s.name, std::string(q));
      }
      tx.commit();
      say(g, fmt::format("added {} new tasks", added));
    }
    crawler::CrawlOptions opt;
    opt.user_agent = fmt::format("tradedig/{} (+research crawler; contact: {})", TRADEDIG_VERSION, a->contact);
    opt.max_tasks = a->max_tasks;
    opt.max_in_flight = a->max_in_flight;
    opt.resolve = a->resolve;
    opt.reclaim_all_leases = a->reclaim;
    opt.progress = !g.quiet;
    auto sum = crawler::run_crawl(c, sources, opt);
    std::string out = fmt::format("crawl finished in {:.1f} s: {} fetches, {} pages stored, {} not modified, "
                                  "{} retries, {} denied by robots.txt\n",
                                  sum.seconds, sum.fetches, sum.pages_stored, sum.not_modified, sum.retries,
                                  sum.robots_denied);
    for (const auto& [source, outcomes] : sum.by_source_outcome) {
      out += "  " + source + ":";
      for (const auto& [outcome, n] : outcomes) out += fmt::format(" {} {}", outcome, n);
      out += "\n";
    }
    for (const auto& h : sum.hosts_given_up) out += "  given up for this run (stalled): " + h + "\n";
    say(g, out);
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_CRAWLER

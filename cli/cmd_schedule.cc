// `tradedig schedule`: what is due for a re-crawl, per source, and the lines that run
// `tradedig crawl` unattended (a crontab line, or a systemd timer with its service).
#ifdef TRADEDIG_HAVE_CRAWLER
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "cli/commands.h"
#include "crawler/crawler.h"
#include "crawler/profile.h"
#include "db/frontier.h"
#include "db/schema.h"
#include "util/error.h"
#include "util/text_table.h"

namespace tradedig::cli {

namespace {

std::string absolute(const std::string& p) {
  std::error_code ec;
  auto a = std::filesystem::weakly_canonical(std::filesystem::absolute(p), ec);
  return ec ? std::filesystem::absolute(p).string() : a.string();
}

// The running executable, so the printed lines call this very build.
std::string self_exe() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("tradedig") : p.string();
}

// A word for /bin/sh: bare when it is plainly safe, else in single quotes.
std::string sh_quote(const std::string& s) {
  bool plain = !s.empty();
  for (char ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || std::string_view("/._-+:@,=").find(ch) != std::string_view::npos))
      plain = false;
  if (plain) return s;
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// crontab(5) turns an unescaped % into a newline.
std::string cron_escape(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '%' ? std::string("\\%") : std::string(1, ch);
  return out;
}

// A word for a systemd ExecStart= line: double quotes when needed; % is a specifier there.
std::string sd_quote(const std::string& s) {
  std::string body;
  bool quote = s.empty();
  for (char ch : s) {
    if (ch == '%') body += "%%";
    else if (ch == '"' || ch == '\\') body += std::string("\\") + ch;
    else body += ch;
    if (ch == ' ' || ch == '\t' || ch == '\'' || ch == '"' || ch == ';' || ch == '$') quote = true;
  }
  return quote ? "\"" + body + "\"" : body;
}

std::string days_text(const std::optional<double>& interval_s) {
  if (!interval_s) return "never";
  double d = *interval_s / 86400;
  return d >= 1 ? fmt::format("{:g} d", d) : fmt::format("{:g} h", *interval_s / 3600);
}

std::string when_text(std::optional<db::EpochMs> t, db::EpochMs now) {
  if (!t) return "-";
  double days = static_cast<double>(*t - now) / 86400000.0;
  std::string iso = db::iso_utc_ms(*t).substr(0, 16);
  iso[10] = ' ';
  return days < 1 ? fmt::format("{} (in {:.0f} h)", iso, days * 24) : fmt::format("{} (in {:.0f} d)", iso, days);
}

}  // namespace

void add_schedule_command(CLI::App& app, Globals& g) {
  struct Args {
    std::vector<std::string> profiles;
    bool apply = false;
    std::string at = "03:17", contact, log;
    bool lines = true;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "schedule",
      "Show what is due for a (re-)crawl per source: due now, due within 7, 30 and 90 days,\n"
      "later, never fetched; then print a crontab line and a systemd timer + service that run\n"
      "`tradedig crawl` daily, so due tasks are fetched without you. Re-crawl intervals come from\n"
      "the profiles: recrawl_days, or the kind's default (membership 91 days, icp and domain 365).\n"
      "A crawl fetches only due tasks, so a daily run costs nothing on days when nothing is due.\n"
      "Examples:\n"
      "  tradedig schedule --profile profiles/replay-demo.toml --contact ra@univ.edu\n"
      "  tradedig schedule --profile profiles/alibaba.toml --apply   # re-date fetched pages after\n"
      "                                                             # changing recrawl_days");
  cmd->add_option("--profile", a->profiles, "Source profile (TOML); repeat for several sources")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--apply", a->apply,
                "Re-date the done tasks of each profile's source to last fetch + its current interval");
  cmd->add_option("--at", a->at, "Time of day (HH:MM, local) of the unattended run")->capture_default_str();
  cmd->add_option("--contact", a->contact, "Contact put in the crawler's User-Agent (or $TRADEDIG_CONTACT)");
  cmd->add_option("--log", a->log, "Log file of the unattended runs (default: next to the store)");
  cmd->add_flag("!--no-lines", a->lines, "Show the due table only, without the crontab and systemd lines");
  cmd->callback([&g, a] {
    int hh = -1, mm = -1;
    if (std::sscanf(a->at.c_str(), "%d:%d", &hh, &mm) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
      throw UserError("--at wants a time of day as HH:MM, e.g. --at 03:17, not \"" + a->at + "\"");
    if (a->contact.empty())
      if (const char* env = std::getenv("TRADEDIG_CONTACT")) a->contact = env;

    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    db::Frontier f(c);
    std::map<std::string, crawler::SourceSpec> specs;
    for (const auto& p : a->profiles) {
      auto s = crawler::load_source_profile(p);
      specs.emplace(s.name, std::move(s));
    }
    std::string out;
    if (a->apply) {
      if (specs.empty()) throw UserError("--apply needs the profiles whose intervals to apply: --profile FILE");
      db::Transaction tx(c);
      for (const auto& [name, s] : specs) {
        std::optional<int64_t> ms;
        if (s.recrawl_interval_s) ms = static_cast<int64_t>(*s.recrawl_interval_s * 1000);
        int64_t n = f.reschedule_done(name, ms);
        out += fmt::format("{}: {} done tasks re-dated to last fetch + {}\n", name, n, days_text(s.recrawl_interval_s));
      }
      tx.commit();
    }

    const db::EpochMs now = db::now_epoch_ms();
    auto due = f.due_summary(now);
    for (const auto& [name, s] : specs) {  // a profile with no task yet still gets a row
      bool seen = false;
      for (const auto& d : due) seen |= d.source == name;
      if (seen) continue;
      db::DueSummary empty;
      empty.source = name;
      due.push_back(std::move(empty));
    }
    std::vector<std::vector<std::optional<std::string>>> rows;
    for (const auto& d : due) {
      auto it = specs.find(d.source);
      std::string every = it == specs.end() ? "?" : days_text(it->second.recrawl_interval_s);
      rows.push_back({d.source, every, std::to_string(d.total), std::to_string(d.due_now),
                      std::to_string(d.never_fetched), std::to_string(d.within_7d), std::to_string(d.within_30d),
                      std::to_string(d.within_90d), std::to_string(d.later), std::to_string(d.unscheduled),
                      std::to_string(d.leased), when_text(d.next_due, now)});
    }
    out += render_text_table({"source", "re-crawl", "tasks", "due now", "never fetched", "<=7 d", "<=30 d",
                              "<=90 d", "later", "no date", "in flight", "next due (UTC)"},
                             rows, {false, true, true, true, true, true, true, true, true, true, true, false});
    out += "due now: fetched by the next `tradedig crawl` (\"never fetched\" is part of it); <=7 d etc.:\n"
           "due within that many days but not yet; no date: finished and not re-crawled (profile without\n"
           "recrawl_days, or an unknown kind). re-crawl \"?\": pass that source's --profile to see it.\n";
    if (due.empty()) out += "(no crawl tasks in the store yet: `tradedig crawl --profile P --queries FILE` adds them)\n";

    if (a->lines) {
      const std::string db = absolute(g.db_path), exe = self_exe();
      const std::string log = a->log.empty() ? db + ".crawl.log" : absolute(a->log);
      std::vector<std::string> args{"--db", db, "crawl"};
      for (const auto& p : a->profiles) {
        args.push_back("--profile");
        args.push_back(absolute(p));
      }
      if (a->profiles.empty()) {
        args.push_back("--profile");
        args.push_back("/path/to/PROFILE.toml");
      }
      const std::string contact = a->contact.empty() ? "you@university.edu" : a->contact;
      std::string sh = sh_quote(exe), sd = sd_quote(exe);
      for (const auto& w : args) {
        sh += " " + sh_quote(w);
        sd += " " + sd_quote(w);
      }
      out += fmt::format(
          "\n# crontab -e: one line, runs daily at {:02d}:{:02d} local time; flock skips a run while the last\n"
          "# one is still going; `tradedig crawl` fetches only what is due.\n"
          "{} {} * * * TRADEDIG_CONTACT={} flock -n {} nice -n 10 {} >> {} 2>&1\n",
          hh, mm, mm, hh, cron_escape(sh_quote(contact)), cron_escape(sh_quote(db + ".crawl.lock")),
          cron_escape(sh), cron_escape(sh_quote(log)));
      out += fmt::format(
          "\n# or systemd (user units): save the two files below, then\n"
          "#   systemctl --user daemon-reload && systemctl --user enable --now tradedig-crawl.timer\n"
          "#   loginctl enable-linger \"$USER\"   # to run while you are logged out\n"
          "#   journalctl --user -u tradedig-crawl   # the runs' output\n"
          "# ~/.config/systemd/user/tradedig-crawl.service\n"
          "[Unit]\n"
          "Description=tradedig: fetch the due crawl tasks of {}\n"
          "Wants=network-online.target\n"
          "After=network-online.target\n"
          "\n"
          "[Service]\n"
          "Type=oneshot\n"
          "Environment={}\n"
          "ExecStart={}\n"
          "Nice=10\n"
          "IOSchedulingClass=idle\n"
          "\n"
          "# ~/.config/systemd/user/tradedig-crawl.timer\n"
          "[Unit]\n"
          "Description=Daily tradedig re-crawl\n"
          "\n"
          "[Timer]\n"
          "OnCalendar=*-*-* {:02d}:{:02d}:00\n"
          "RandomizedDelaySec=15min\n"
          "Persistent=true\n"
          "\n"
          "[Install]\n"
          "WantedBy=timers.target\n",
          sd_quote(db), sd_quote("TRADEDIG_CONTACT=" + contact), sd, hh, mm);
      if (a->contact.empty())
        out += "\n# replace you@university.edu by your address (or pass --contact): sites see it.\n";
    }
    std::cout << out << std::flush;
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_CRAWLER

#include "cli/commands/events.h"

#include "cli/output/event_view.h"
#include "cli/output/time_format.h"
#include "common/point_in_time.h"
#include "http/percent_encode.h"

namespace ds01::cli {
namespace {

std::string EventsRoute(const EventsOptions& options, std::optional<std::int64_t> since) {
  std::string route = "/v1/events";
  char separator = '?';
  auto add = [&](const std::string& parameter) {
    route += separator + parameter;
    separator = '&';
  };
  if (since) add("since=" + std::to_string(*since));
  if (options.follow) add("follow=1");
  if (options.owner) add("owner=" + http::PercentEncode(*options.owner));
  return route;
}

}  // namespace

Result<std::int64_t> ParseSince(std::string_view text, Clock::TimePoint now) {
  std::optional<Clock::TimePoint> time = ParsePointInTime(text, now);
  if (!time) {
    return UsageError("--since takes an RFC 3339 time, Unix seconds or a duration ago, not '" +
                          std::string(text) + "'",
                      "for example --since=2026-12-04T10:00:00Z, --since=1796378400 or "
                      "--since=2h30m (2 hours 30 minutes ago)");
  }
  return std::chrono::floor<std::chrono::seconds>(*time).time_since_epoch().count();
}

void DeclareEvents(ArgSpec& args, EventsOptions& options) {
  args.Flag("-f,--follow", &options.follow);
  args.Text("--since", "T", &options.since);
  args.Text("--owner", "USER", &options.owner);
  args.Option("--format", "table|json", [&options](const std::string& value) -> Status {
    if (value == "table") {
      options.format = OutputFormat::kTable;
    } else if (value == "json") {
      options.format = OutputFormat::kJson;
    } else {
      return UsageError("unknown format '" + value + "'", "use --format=table or --format=json");
    }
    return Ok();
  });
}

Status RunEvents(Session& session, const EventsOptions& options) {
  std::optional<std::int64_t> since;
  if (options.since) {
    auto parsed = ParseSince(*options.since, session.clock.Now());
    if (!parsed.ok()) return std::move(parsed).error();
    since = *parsed;
  }
  session.guide.Step("before");
  const std::string route = EventsRoute(options, since);
  bool shown = false;
  // Flushed line by line, so that a pipe (events --follow | grep) sees each event at once.
  auto show = [&](std::string_view text, const nlohmann::json& line) -> Status {
    auto event = ReadAnswer<api::Event>(line, "GET", route);
    if (!event.ok()) return std::move(event).error();
    if (options.format == OutputFormat::kJson) {
      session.out << text;
    } else {
      if (!shown) session.out << EventHeader() << '\n';
      session.out << EventRow(*event);
    }
    session.out << '\n' << std::flush;
    shown = true;
    return Ok();
  };
  DS01_RETURN_IF_ERROR(session.daemon.Stream("GET", route, nullptr, show));
  if (options.follow) {
    return MakeError(
        ErrorCode::kUnavailable, "ds01d ended the event stream",
        "check that ds01d is running (systemctl status ds01d); once it is back, "
        "run ds01 events again with --since (e.g. --since=10m) to see what you missed");
  }
  if (!shown && options.format == OutputFormat::kTable) {
    if (since) {
      session.out << "No events since "
                  << FormatLocalTime(Clock::TimePoint(std::chrono::seconds(*since))) << ".\n";
    } else {
      session.out << "No events in the last hour.\n";
    }
  }
  session.guide.Step("after");
  return Ok();
}

CommandSpec EventsCommand() {
  return {"events", "",
          "events", "Show what happened to containers, as it happens",
          "events", &Bind<EventsOptions, DeclareEvents, RunEvents>};
}

}  // namespace ds01::cli

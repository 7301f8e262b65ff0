#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "cli/output/format.h"
#include "common/clock.h"

namespace ds01::cli {

struct EventsOptions {
  bool follow = false;                         // --follow: then every new event, until Ctrl-C
  std::optional<std::string> since;            // --since=T, as ParseSince reads it
  std::optional<std::string> owner;            // --owner=USER (admins): that user's containers
  OutputFormat format = OutputFormat::kTable;  // --format=table|json
};

/// --since's value as Unix seconds: an RFC 3339 time ("2026-12-04T10:00:00Z"), Unix seconds, or
/// a duration that long before `now` ("45s", "10m", "2h30m", "1d"). Anything else is a usage
/// error naming the three forms.
Result<std::int64_t> ParseSince(std::string_view text, Clock::TimePoint now);

/// Declares the events command's flags on `args`, bound to `options`.
void DeclareEvents(ArgSpec& args, EventsOptions& options);

/// Prints the daemon's change feed, each event as it arrives: those since --since (by default
/// of the last hour; with --follow and no --since none), then with --follow every new one.
/// When ds01d ends a --follow, that is a kUnavailable error.
Status RunEvents(Session& session, const EventsOptions& options);

/// events' entry in the registry.
CommandSpec EventsCommand();

}  // namespace ds01::cli

#include "daemon/routes/events.h"

#include <spdlog/spdlog.h>

#include <charconv>

#include "daemon/api_response.h"
#include "daemon/change_feed.h"

namespace ds01::daemon {
namespace {

// Without ?since= and without ?follow, a look at the recent past.
constexpr std::chrono::hours kDefaultLookBack{1};

Result<std::optional<store::TimePoint>> SinceOf(std::string_view query) {
  const auto text = QueryValue(query, "since");
  if (!text) return std::optional<store::TimePoint>();
  std::int64_t seconds = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (text->empty() || error != std::errc() || end != text->data() + text->size() || seconds < 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "since=" + *text + " is not a time in Unix seconds",
                     "send the seconds since 1970 (the ds01 CLI turns RFC 3339 times and "
                     "durations into them)");
  }
  return std::optional<store::TimePoint>(store::TimePoint(std::chrono::seconds(seconds)));
}

void Follow(const RouteCall& call, const ApiDeps& deps) {
  if (deps.feed == nullptr) {
    return call.Reply(
        ErrorResponse(MakeError(ErrorCode::kUnavailable, "This ds01d has no change feed")));
  }
  auto since = SinceOf(call.query());
  if (!since.ok()) return call.Reply(ErrorResponse(since.error()));
  const bool follow = QueryFlag(call.query(), "follow");
  if (!*since && !follow) *since = deps.clock.Now() - kDefaultLookBack;
  Viewer viewer{call.caller.identity.user, call.caller.admin, QueryValue(call.query(), "owner")};
  auto stream = call.exchange.StartStream(200, {{"Content-Type", "application/x-ndjson"}});
  if (!stream.ok()) return call.Reply(ErrorResponse(stream.error()));
  Status followed = deps.feed->Follow(*stream, std::move(viewer), *since, follow);
  if (!followed.ok()) {
    spdlog::warn("events for uid {}: {}", call.caller.identity.uid, followed.error().ToString());
    (*stream)->End();
  }
}

}  // namespace

void AddEventRoutes(Router& router, const ApiDeps& deps) {
  router.Add("GET", "/v1/events", RouteTraits{Access::kAnyUser, true, 0, EngineUse::kNone},
             With(deps, Follow));
}

}  // namespace ds01::daemon

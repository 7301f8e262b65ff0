#include "daemon/router.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>

#include "core/refusals.h"
#include "daemon/api_response.h"

namespace ds01::daemon {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return segments;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void Router::Add(std::string method, std::string_view pattern, RouteTraits traits,
                 RouteHandler handler) {
  std::vector<std::string> segments = Split(pattern);
  const bool names_a_container =
      std::find(segments.begin(), segments.end(), "{name}") != segments.end();
  if (traits.read_only != (method == "GET") ||
      (traits.access == Access::kOwnContainer && !names_a_container)) {
    fmt::print(stderr, "ds01d: route {} {} declares traits that do not fit it\n", method, pattern);
    std::abort();  // a bug in ds01d, found at start-up: never serve a route whose access is wrong
  }
  routes_.push_back(Route{std::move(method), std::string(pattern), std::move(segments), traits,
                          std::move(handler)});
}

const Router::Route* Router::Find(std::string_view method, std::string_view path,
                                  PathParams& params, std::vector<std::string>* allowed) const {
  const std::vector<std::string> segments = Split(path);
  for (const Route& route : routes_) {
    auto matched = Match(route, segments);
    if (!matched) continue;
    if (route.method == method) {
      params = std::move(*matched);
      return &route;
    }
    if (allowed != nullptr) allowed->push_back(route.method);
  }
  return nullptr;
}

void Router::Dispatch(http::Exchange& exchange) const {
  const http::ServerRequest& request = exchange.request();
  PathParams params;
  std::vector<std::string> allowed;
  const Route* route = Find(request.request.method, request.path(), params, &allowed);
  auto caller = authoriser_.Identify(request.peer);
  if (!caller.ok()) {
    exchange.Reply(ErrorResponse(caller.error()));
    return;
  }
  const bool hidden =
      route != nullptr && route->traits.access == Access::kAdminOnly && !caller->admin;
  if (route == nullptr || hidden) {
    if (allowed.empty() || hidden) {
      exchange.Reply(ErrorResponse(
          MakeError(ErrorCode::kNotFound,
                    fmt::format("No such route: {} {}", request.request.method, request.path()),
                    "see docs/api.md for the routes ds01d serves")));
      return;
    }
    http::Response response = ErrorResponse(
        MakeError(ErrorCode::kInvalidArgument,
                  fmt::format("{} does not take {}", request.path(), request.request.method),
                  fmt::format("use {}", fmt::join(allowed, " or "))));
    response.status = 405;
    response.headers.emplace_back("Allow", fmt::format("{}", fmt::join(allowed, ", ")));
    exchange.Reply(response);
    return;
  }
  uid_t owner = caller->identity.uid;
  if (route->traits.access == Access::kOwnContainer) {
    core::ContainerViews views(store_);
    auto uid = authoriser_.OwnerOf(*caller, QueryValue(request.query(), "owner"),
                                   params.find("name")->second, views);
    if (!uid.ok()) {
      exchange.Reply(ErrorResponse(uid.error()));
      return;
    }
    owner = *uid;
  }
  if (route->traits.engine == EngineUse::kNone) {
    route->handler(RouteCall{exchange, *caller, params, owner});
    return;
  }
  // One change at a time per container: another is answered busy now, not after a queue.
  const auto name = params.find("name");
  std::string key = route->traits.engine == EngineUse::kWaitsAlone && !route->traits.read_only &&
                            name != params.end()
                        ? fmt::format("{}/{}", owner, name->second)
                        : "";
  std::shared_ptr<http::Exchange> later = exchange.Defer();
  const bool queued = engine_calls_.Run(
      caller->identity.uid, std::move(key), [this, later, caller = *caller, params, owner, route] {
        route->handler(
            RouteCall{*later, caller, params, owner, [this] { engine_calls_.ReleaseKey(); }});
      });
  if (!queued) later->Reply(ErrorResponse(core::ContainerBusy(name->second)));  // key: a name
}

std::size_t Router::BodyLimit(std::string_view method, std::string_view target) const {
  PathParams params;
  const Route* route = Find(method, target.substr(0, target.find('?')), params, nullptr);
  // No route: enough to read a small body and answer 404 or 405 rather than 413.
  constexpr std::size_t kUnroutedBodyBytes = 4u << 10;
  return route != nullptr ? route->traits.max_body_bytes : kUnroutedBodyBytes;
}

std::vector<Router::Registered> Router::routes() const {
  std::vector<Registered> all;
  for (const Route& route : routes_) all.push_back({route.method, route.pattern, route.traits});
  return all;
}

std::optional<PathParams> Router::Match(const Route& route,
                                        const std::vector<std::string>& segments) {
  if (route.segments.size() != segments.size()) return std::nullopt;
  PathParams params;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& pattern = route.segments[i];
    if (IsPlaceholder(pattern)) {
      params.emplace(pattern.substr(1, pattern.size() - 2), PercentDecode(segments[i], false));
    } else if (pattern != segments[i]) {
      return std::nullopt;
    }
  }
  return params;
}

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::string> QueryValue(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto equals = pair.find('=');
    if (PercentDecode(pair.substr(0, equals), true) == key) {
      return equals == std::string_view::npos ? std::string()
                                              : PercentDecode(pair.substr(equals + 1), true);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::optional<std::string> UnknownQueryKey(std::string_view query,
                                           std::initializer_list<std::string_view> known) {
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    std::string key = PercentDecode(pair.substr(0, pair.find('=')), true);
    if (!key.empty() && std::find(known.begin(), known.end(), key) == known.end()) return key;
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
  }
  return std::nullopt;
}

bool QueryFlag(std::string_view query, std::string_view key) {
  const auto value = QueryValue(query, key);
  return value && (value->empty() || *value == "1" || *value == "true" || *value == "yes");
}

}  // namespace ds01::daemon

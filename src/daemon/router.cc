#include "daemon/router.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

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

void Router::Add(std::string method, std::string_view pattern, RouteHandler handler) {
  routes_.push_back(Route{std::move(method), Split(pattern), std::move(handler)});
}

http::Response Router::Dispatch(const http::ServerRequest& request) const {
  const std::vector<std::string> segments = Split(request.path());
  std::vector<std::string> allowed;
  for (const Route& route : routes_) {
    auto params = Match(route, segments);
    if (!params) continue;
    if (route.method == request.request.method) return route.handler(request, *params);
    allowed.push_back(route.method);
  }
  if (allowed.empty()) {
    return ErrorResponse(
        MakeError(ErrorCode::kNotFound,
                  fmt::format("No such route: {} {}", request.request.method, request.path()),
                  "see docs/api.md for the routes ds01d serves"));
  }
  http::Response response = ErrorResponse(
      MakeError(ErrorCode::kInvalidArgument,
                fmt::format("{} does not take {}", request.path(), request.request.method),
                fmt::format("use {}", fmt::join(allowed, " or "))));
  response.status = 405;
  response.headers.emplace_back("Allow", fmt::format("{}", fmt::join(allowed, ", ")));
  return response;
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

bool QueryFlag(std::string_view query, std::string_view key) {
  const auto value = QueryValue(query, key);
  return value && (value->empty() || *value == "1" || *value == "true" || *value == "yes");
}

}  // namespace ds01::daemon

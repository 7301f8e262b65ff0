#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "http/server.h"

namespace ds01::daemon {

/// The values of a route's {placeholders}, by name, percent-decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

using RouteHandler = std::function<http::Response(const http::ServerRequest&, const PathParams&)>;

/// Sends each request to the handler registered for its method and path. Patterns are
/// literal segments and whole-segment {placeholders}: "/v1/containers/{name}/start".
class Router {
 public:
  /// Registers `handler` for `method` on `pattern`.
  void Add(std::string method, std::string_view pattern, RouteHandler handler);

  /// The matching handler's response; 404 not_found for a path no route has, 405 (with Allow)
  /// for a path whose routes take other methods.
  http::Response Dispatch(const http::ServerRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" for a placeholder
    RouteHandler handler;
  };

  static std::optional<PathParams> Match(const Route& route,
                                         const std::vector<std::string>& segments);

  std::vector<Route> routes_;
};

/// "%41b+c" → "Ab c" as a query value; a malformed escape is kept as written.
std::string PercentDecode(std::string_view text, bool plus_is_space);

/// The decoded value of `key` in a query string ("all=1&owner=bob"), or nullopt. A key with
/// no '=' has the value "".
std::optional<std::string> QueryValue(std::string_view query, std::string_view key);

/// True when the query sets `key` to a true value: "1", "true", "yes" or no value at all.
bool QueryFlag(std::string_view query, std::string_view key);

}  // namespace ds01::daemon

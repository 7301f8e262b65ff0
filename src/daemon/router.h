#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/container_view.h"
#include "daemon/caller.h"
#include "daemon/engine_calls.h"
#include "daemon/route.h"
#include "http/exchange.h"
#include "store/store.h"

namespace ds01::daemon {

/// Sends each request to the handler registered for its method and path, after enforcing the
/// route's declared access: the caller is identified from the peer credentials, a container
/// route is answered as a missing container unless the caller may address that container, and
/// an admin route as a missing route for anyone but an admin. Patterns are literal segments and
/// whole-segment {placeholders}: "/v1/containers/{name}/start".
class Router {
 public:
  Router(const Authoriser& authoriser, store::Store& store, EngineCalls& engine_calls)
      : authoriser_(authoriser), store_(store), engine_calls_(engine_calls) {}

  /// Registers `handler` for `method` on `pattern` with its traits. A read-only route must be a
  /// GET, a container route must have {name}; breaking either is a bug and aborts at start-up.
  void Add(std::string method, std::string_view pattern, RouteTraits traits, RouteHandler handler);

  /// Answers one request: the route's handler, 404 not_found for a path no route has, 405
  /// (with Allow) for a path whose routes take other methods.
  void Dispatch(http::Exchange& exchange) const;

  /// The largest body the route for `method` and `target` reads (4 KiB for no route, so that it
  /// is answered 404 or 405).
  std::size_t BodyLimit(std::string_view method, std::string_view target) const;

  /// A registered route, as the table tests walk them.
  struct Registered {
    std::string method;
    std::string pattern;
    RouteTraits traits;
  };
  std::vector<Registered> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" for a placeholder
    RouteTraits traits;
    RouteHandler handler;
  };

  static std::optional<PathParams> Match(const Route& route,
                                         const std::vector<std::string>& segments);
  const Route* Find(std::string_view method, std::string_view path, PathParams& params,
                    std::vector<std::string>* allowed) const;

  const Authoriser& authoriser_;
  store::Store& store_;
  EngineCalls& engine_calls_;
  std::vector<Route> routes_;
};

/// "%41b+c" → "Ab c" as a query value; a malformed escape is kept as written.
std::string PercentDecode(std::string_view text, bool plus_is_space);

/// The decoded value of `key` in a query string ("all=1&owner=bob"), or nullopt. A key with
/// no '=' has the value "".
std::optional<std::string> QueryValue(std::string_view query, std::string_view key);

/// The first key of `query` that is not among `known`, decoded; nullopt when there is none.
std::optional<std::string> UnknownQueryKey(std::string_view query,
                                           std::initializer_list<std::string_view> known);

/// True when the query sets `key` to a true value: "1", "true", "yes" or no value at all.
bool QueryFlag(std::string_view query, std::string_view key);

}  // namespace ds01::daemon

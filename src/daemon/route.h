#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "daemon/caller.h"
#include "http/exchange.h"
#include "http/message.h"

namespace ds01::daemon {

/// The values of a route's {placeholders}, by name, percent-decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

/// Whose requests a route serves; the router checks it before the handler runs.
enum class Access {
  kAnyUser,       // any caller with an account; the handler scopes what it shows to them
  kOwnContainer,  // addressed to one {name}d container the caller may address: their own, or
                  // for an admin anyone's (?owner=); any other answers as a missing container
  kAdminOnly,     // admins alone; others are told the route does not exist
};

/// Whether a route waits on the Docker engine, and how it shares a container with others.
enum class EngineUse {
  kNone,            // answers from ds01d's own state, on a request worker
  kWaitsAlone,      // runs among the EngineCalls; a change to a container while another change
                    // to it runs is answered busy (start, stop, remove)
  kWaitsAlongside,  // runs among the EngineCalls beside anything else on the container (reads,
                    // shells and commands in it, resizes)
};

/// The body an action route takes: none, {} (ds01 sends it with every action) or a few fields.
inline constexpr std::size_t kSmallBodyBytes = 1u << 10;

/// What a route declares when it is registered; there is no default, so that no route can be
/// added without saying who may call it.
struct RouteTraits {
  Access access;
  bool read_only;              // GET: changes nothing (checked at registration)
  std::size_t max_body_bytes;  // the largest body it reads (0: none)
  EngineUse engine;            // where it runs; see EngineUse
};

/// One request as a route handler sees it, after the router has identified the caller and
/// checked the route's access.
struct RouteCall {
  http::Exchange& exchange;
  const Caller& caller;
  const PathParams& params;
  uid_t owner;  // kOwnContainer: whose container {name} is; otherwise the caller's uid
  /// Runs just before the answer goes out: the router frees the call's hold on its container
  /// there, so that a client's next change is never refused busy by a call that has answered.
  std::function<void()> before_reply = {};

  const http::ServerRequest& request() const { return exchange.request(); }
  std::string_view query() const { return exchange.request().query(); }
  const std::string& body() const { return exchange.request().request.body; }
  /// The {name} placeholder.
  const std::string& name() const { return params.find("name")->second; }
  /// Answers with one whole response, logged at its status.
  void Reply(const http::Response& response) const;
};

using RouteHandler = std::function<void(const RouteCall&)>;

/// A RouteHandler that calls `handler` with the route module's dependencies.
template <typename Deps>
RouteHandler With(const Deps& deps, void (*handler)(const RouteCall&, const Deps&)) {
  return [handler, &deps](const RouteCall& call) { handler(call, deps); };
}

}  // namespace ds01::daemon

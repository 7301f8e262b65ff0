#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "http/client.h"

namespace ds01::docker {

/// The newest Engine API version this client speaks; the engine's own maximum wins when lower.
inline constexpr std::string_view kMaxApiVersion = "1.45";

/// The connection to one Docker engine: negotiated API version, typed errors. Thread-safe: calls
/// from many threads share a pool of keep-alive connections.
class Engine {
 public:
  /// address in DOCKER_HOST form ("unix:///path", "tcp://h:p"); empty → $DOCKER_HOST, else
  /// unix:///var/run/docker.sock. Pings /_ping (2 s budget) and negotiates the version.
  static Result<std::unique_ptr<Engine>> Connect(std::string address = {});

  /// The address this engine was reached at, in DOCKER_HOST form.
  const std::string& address() const;
  /// min(server's Api-Version, kMaxApiVersion); never hard-coded.
  const std::string& api_version() const;

  /// `path` has no version prefix ("/containers/json?all=1"). Status ≥ 300 (except 304, "already
  /// in that state", returned as is) → ErrorFromEngine. JSON bodies get Content-Type
  /// application/json unless `headers` names another.
  Result<http::Response> Call(std::string_view method, std::string_view path, std::string body = {},
                              http::Headers headers = {});
  /// As Call, but the engine may take up to `io_timeout` to answer (stop, restart, remove).
  Result<http::Response> CallWithTimeout(std::string_view method, std::string_view path,
                                         std::chrono::milliseconds io_timeout,
                                         std::string body = {}, http::Headers headers = {});
  /// A response whose body arrives over time (events, logs, stats, wait, build). Waits for data
  /// as long as it takes unless `read_timeout` is non-zero; an error status → ErrorFromEngine.
  Result<std::unique_ptr<http::BodyStream>> OpenStream(std::string_view method,
                                                       std::string_view path, std::string body = {},
                                                       http::Headers headers = {},
                                                       std::chrono::milliseconds read_timeout = {});
  /// Upgrades the connection (attach, exec start) and hands back the raw duplex socket.
  Result<std::unique_ptr<http::RawStream>> Hijack(std::string_view method, std::string_view path,
                                                  std::string body = {});

 private:
  Engine(std::string address, std::unique_ptr<http::Client> client, std::string api_version);
  http::Request MakeRequest(std::string_view method, std::string_view path, std::string body,
                            http::Headers headers) const;

  std::string address_;
  std::unique_ptr<http::Client> client_;
  std::string api_version_;
};

/// 400→kInvalidArgument, 401/403→kPermissionDenied, 404→kNotFound, 409→kConflict,
/// 5xx→kInternal (others kProtocol), keeping the engine's {"message"} text.
Error ErrorFromEngine(int status, std::string_view body);

/// The `filters=` value: {"label":["a=b"]} as JSON, url-encoded.
std::string EncodeFilters(const std::map<std::string, std::vector<std::string>>& filters);

/// The older of two "major.minor" API versions.
std::string OlderApiVersion(std::string_view a, std::string_view b);

}  // namespace ds01::docker

#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/wire_exec.h"
#include "api/wire_json.h"
#include "api/wire_stream.h"
#include "common/error.h"
#include "common/unique_fd.h"
#include "http/client.h"

namespace ds01::cli {

/// Where ds01d listens unless DS01_SOCKET says otherwise.
inline constexpr std::string_view kDefaultSocket = "/run/ds01/ds01.sock";

/// An engine connection handed over by ds01d (docs/api.md, "The hand-over"): the socket, the
/// line that came with it (api::ExecStarted, api::StreamStarted), and the bytes ds01d read from
/// the socket before handing it over, which come before anything read from it.
template <typename Line>
struct HandedConnection {
  UniqueFd socket;
  Line started;
  std::string early_bytes;
};

/// An exec's own connection (POST …/exec, upgraded): it carries nothing but the process's stdio
/// (raw with a TTY, else multiplexed frames); the line gives the exec's id for its exit code and
/// resizes.
using HandedExec = HandedConnection<api::ExecStarted>;

/// What comes from the engine about a container, from the body of its answer on (logs, a wait)
/// or from its 101 on (an attach): chunked or not, raw with a TTY, else multiplexed frames, as
/// the line says.
using HandedStream = HandedConnection<api::StreamStarted>;

/// The daemon's API as the commands use it: one JSON request, one JSON answer; or one request
/// and a stream of JSON lines (NDJSON) as the daemon sends them.
class DaemonApi {
 public:
  /// Takes one line of a streamed answer: its text as it came and its JSON. An Error ends the
  /// stream with it.
  using OnLine = std::function<Status(std::string_view text, const nlohmann::json& value)>;

  virtual ~DaemonApi() = default;

  /// Sends `method target` with `body` as JSON (none when null) and returns the answer's JSON
  /// (null for an empty body). The daemon's {"error": …} answers and failures to reach it
  /// come back as Errors.
  virtual Result<nlohmann::json> Call(std::string_view method, const std::string& target,
                                      const nlohmann::json& body = nullptr) = 0;

  /// Sends `method target` with `body` as JSON (none when null) and hands each line of the
  /// NDJSON answer to `on_line` as it arrives, waiting as long as the next one takes; Ok once
  /// the daemon ends the answer. The daemon's {"error": …} answers and failures to reach it are
  /// Errors as for Call; an answer broken off before its end is kUnavailable; an Error of
  /// `on_line` ends it with that Error.
  virtual Status Stream(std::string_view method, const std::string& target,
                        const nlohmann::json& body, const OnLine& on_line) = 0;

  /// Sends POST `target` (an exec route) with `body`, upgraded, and receives the exec's own
  /// connection. Refusals come back as Errors as for Call.
  virtual Result<HandedExec> OpenExec(const std::string& target, const nlohmann::json& body) = 0;

  /// Sends `method target` (a logs, wait or attach route) upgraded to `protocol` ("ds01-logs",
  /// "ds01-wait", "ds01-attach") and receives the engine's connection. Refusals come back as
  /// Errors as for Call.
  virtual Result<HandedStream> OpenHandedStream(std::string_view method, const std::string& target,
                                                std::string_view protocol) = 0;
};

/// Talks to ds01d over its unix socket (HTTP/1.1, one keep-alive connection).
class DaemonClient final : public DaemonApi {
 public:
  /// A client for `socket` (a path or a unix:// URL); nothing is connected until the first Call.
  explicit DaemonClient(std::string socket,
                        std::chrono::milliseconds io_timeout = std::chrono::minutes(10));

  Result<nlohmann::json> Call(std::string_view method, const std::string& target,
                              const nlohmann::json& body = nullptr) override;

  Status Stream(std::string_view method, const std::string& target, const nlohmann::json& body,
                const OnLine& on_line) override;

  Result<HandedExec> OpenExec(const std::string& target, const nlohmann::json& body) override;

  Result<HandedStream> OpenHandedStream(std::string_view method, const std::string& target,
                                        std::string_view protocol) override;

 private:
  // Sends `request` upgraded to `protocol` and receives the connection ds01d hands over.
  template <typename Line>
  Result<HandedConnection<Line>> TakeHandOver(http::Request request, std::string_view protocol);

  std::string socket_;
  std::chrono::milliseconds io_timeout_;
  std::optional<http::Client> client_;  // empty when `socket_` is not a usable address
  std::string bad_address_;             // why, when it is not
};

/// The socket to use: `env_value` ($DS01_SOCKET) when set and not empty, else kDefaultSocket.
std::string DaemonSocket(const char* env_value);

/// "ds01d not reachable at <socket>: <reason>" with the hint to start it or set DS01_SOCKET.
Error UnreachableError(std::string_view socket, std::string_view reason);

/// The Error a non-2xx answer stands for: the daemon's {"error": {code, message, hint}} when the
/// body has one, otherwise one made from the HTTP status.
Error ErrorFromAnswer(int status, std::string_view reason, std::string_view body);

/// kProtocol: ds01d answered `method target` with JSON that is not the object the API documents;
/// `why` is what FromWire found wrong in it.
Error UnexpectedAnswer(std::string_view method, const std::string& target, const Error& why);

/// `answer`, ds01d's answer to `method target`, read as the wire type T (api/wire_*.h).
template <typename T>
Result<T> ReadAnswer(const nlohmann::json& answer, std::string_view method,
                     const std::string& target) {
  auto read = api::FromWire<T>(answer);
  if (!read.ok()) return UnexpectedAnswer(method, target, read.error());
  return read;
}

/// Call, with the answer read as the wire type T: CallAs<api::Container>(daemon, "POST", …).
template <typename T>
Result<T> CallAs(DaemonApi& daemon, std::string_view method, const std::string& target,
                 const nlohmann::json& body = nullptr) {
  auto answer = daemon.Call(method, target, body);
  if (!answer.ok()) return std::move(answer).error();
  return ReadAnswer<T>(*answer, method, target);
}

/// The route of one container, or of an action on it: "/v1/containers/NAME[/ACTION][?owner=USER]"
/// with the name and owner percent-encoded.
std::string ContainerRoute(std::string_view name, std::string_view action = {},
                           std::string_view owner = {});

}  // namespace ds01::cli
